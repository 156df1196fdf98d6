/**
 * Volume anomalies: events per 5-minute bucket of ingested_at against the
 * same time of day on previous days (median and MAD, a robust z-score).
 */
import { typed, type Queryable } from '../db/database';
import type { VolumeAnomalyConfig } from './monitoring-config';
import { runStatement } from './run-statement';

export const BUCKET_MS = 5 * 60 * 1000;

/** The start of the 5-minute bucket holding `at` (UTC clock marks). */
export function bucketStart(at: Date): Date {
  return new Date(Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** Adds the raw rows with id in (fromId, toId] to dq.volume_buckets. */
export async function countVolumeBuckets(
  db: Queryable,
  fromId: number,
  toId: number,
): Promise<number> {
  if (toId <= fromId) return 0;
  const result = await runStatement(db, 'volume_buckets', [fromId, toId]);
  return result.rowCount;
}

export interface JudgeRange {
  /** First bucket start judged. */
  readonly from: Date;
  /** Buckets that start before this are judged. */
  readonly to: Date;
}

/**
 * Judges the buckets of `range` not judged before into dq.volume_anomalies
 * and returns how many rows it wrote.
 */
export async function judgeVolume(
  db: Queryable,
  range: JudgeRange,
  config: VolumeAnomalyConfig,
  judgedAt: Date,
): Promise<number> {
  if (range.to.getTime() <= range.from.getTime()) return 0;
  const result = await runStatement(db, 'volume_anomalies', [
    typed('timestamptz', range.from),
    typed('timestamptz', range.to),
    typed('numeric', String(config.sensitivity)),
    config.minTrainingDays,
    config.maxTrainingDays,
    typed('numeric', String(config.absoluteFloor)),
    typed('numeric', String(config.minRatio)),
    config.direction,
    config.neighbourBuckets,
    typed('timestamptz', judgedAt),
    config.minConsecutiveBuckets,
  ]);
  return result.rowCount;
}

export interface RangeInputs {
  readonly checkTs: Date;
  /** ingested_at of the newest raw row this run counted, if any. */
  readonly countedUpTo: Date | null;
  /** Raw rows beyond what this run counted (a catch-up backlog). */
  readonly hasBacklog: boolean;
  /** Start of the newest bucket already judged, if any. */
  readonly lastJudged: Date | null;
}

/**
 * The buckets a run may judge: complete ones (ended `completeAfterSeconds`
 * ago), and during a catch-up only those the counted rows have passed, so
 * a backlog is not mistaken for an outage.
 */
export function judgeRange(
  inputs: RangeInputs,
  config: VolumeAnomalyConfig,
): JudgeRange {
  let end = inputs.checkTs.getTime() - config.completeAfterSeconds * 1000;
  if (inputs.hasBacklog) {
    end = Math.min(end, inputs.countedUpTo?.getTime() ?? -Infinity);
  }
  // Every bucket starting before the bucket that holds `end` has ended.
  const to = bucketStart(new Date(Math.max(end, 0)));
  const lookbackStart = bucketStart(
    new Date(inputs.checkTs.getTime() - config.lookbackHours * 3_600_000),
  ).getTime();
  const after = inputs.lastJudged
    ? inputs.lastJudged.getTime() + BUCKET_MS
    : lookbackStart;
  return {
    from: new Date(Math.max(after, lookbackStart)),
    to,
  };
}
