/**
 * Measures the volume-anomaly model on generated traffic: a fortnight per
 * seed, the first week training, the second judged by the same SQL the
 * transform runs. A normal fortnight measures false alarms; one with an
 * injected outage and spike measures detection. Bucket counts are computed
 * from the generator's output and written to dq.volume_buckets directly,
 * so no raw rows are needed; run it on a scratch database.
 */
import type { Database } from '../db/database';
import {
  DEFAULT_SEED,
  generateDay,
  type GeneratorConfigInput,
} from '../generator';
import {
  DEFAULT_MONITORING_CONFIG,
  type VolumeAnomalyConfig,
} from './monitoring-config';
import { runScript, runStatement } from './run-statement';
import { BUCKET_MS, judgeVolume } from './volume';

const DAY_MS = 86_400_000;

export const REPORT_START_DAY = '2026-01-05';

export interface FaultWindow {
  readonly kind: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface GeneratedCounts {
  /** Events per 5-minute bucket of ingested_at. */
  readonly counts: Map<number, number>;
  readonly faults: FaultWindow[];
}

/** Counts one generated day's events per bucket and collects its windows. */
export function countDay(
  seed: number,
  day: string,
  config?: GeneratorConfigInput,
  into: GeneratedCounts = { counts: new Map(), faults: [] },
): GeneratedCounts {
  const { events, ledger } = generateDay({
    seed,
    day,
    ...(config ? { config } : {}),
  });
  for (const event of events) {
    const bucket =
      Math.floor(event.ingested_at.getTime() / BUCKET_MS) * BUCKET_MS;
    into.counts.set(bucket, (into.counts.get(bucket) ?? 0) + 1);
  }
  for (const entry of ledger) {
    if (entry.kind !== 'outage' && entry.kind !== 'spike') continue;
    const details = entry.details as { from: string; to: string };
    into.faults.push({
      kind: entry.kind,
      fromMs: Date.parse(details.from),
      toMs: Date.parse(details.to),
    });
  }
  return into;
}

export const dayAfter = (day: string, days: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS)
    .toISOString()
    .slice(0, 10);

export interface FlaggedBucket {
  readonly bucketStart: Date;
  readonly observed: number;
  readonly expected: number;
  readonly score: number;
  readonly direction: string;
}

export interface JudgedFortnight {
  readonly judged: number;
  readonly flagged: FlaggedBucket[];
  /** Flagged buckets that overlap no injected window. */
  readonly falseAlarms: FlaggedBucket[];
  /** Buckets lying wholly inside an injected window. */
  readonly faultBuckets: number;
  readonly detectedFaultBuckets: number;
}

/**
 * Loads `generated` into an emptied dq.volume_buckets and judges every
 * bucket after the first `trainDays` of the fortnight starting `startDay`.
 */
export async function judgeGenerated(
  db: Database,
  generated: GeneratedCounts,
  options: {
    readonly startDay: string;
    readonly days: number;
    readonly trainDays: number;
    readonly config?: VolumeAnomalyConfig;
  },
): Promise<JudgedFortnight> {
  const config = options.config ?? DEFAULT_MONITORING_CONFIG.volume;
  const startMs = Date.parse(`${options.startDay}T00:00:00Z`);
  const from = new Date(startMs + options.trainDays * DAY_MS);
  const to = new Date(startMs + options.days * DAY_MS);
  await runScript(db, 'report_reset_volume');
  const rows = [...generated.counts]
    .filter(([start]) => start >= startMs && start < to.getTime())
    .map(([start, count]) => [new Date(start), count]);
  await db.insertRows(
    'dq.volume_buckets',
    ['bucket_start', 'events_cnt'],
    rows,
  );
  const judged = await judgeVolume(db, { from, to }, config, to);

  const { rows: anomalies } = await runStatement<{
    bucket_start: Date;
    observed_cnt: number;
    expected_cnt: string;
    score: string;
    direction: string;
  }>(db, 'report_flagged_buckets', []);
  const flagged = anomalies.map((row) => ({
    bucketStart: row.bucket_start,
    observed: row.observed_cnt,
    expected: Number(row.expected_cnt),
    score: Number(row.score),
    direction: row.direction,
  }));
  const overlaps = (start: number) =>
    generated.faults.some(
      (w) => start < w.toMs && start + BUCKET_MS > w.fromMs,
    );
  const inside = (start: number) =>
    generated.faults.some(
      (w) => start >= w.fromMs && start + BUCKET_MS <= w.toMs,
    );
  let faultBuckets = 0;
  for (let t = from.getTime(); t < to.getTime(); t += BUCKET_MS) {
    if (inside(t)) faultBuckets += 1;
  }
  return {
    judged,
    flagged,
    falseAlarms: flagged.filter((b) => !overlaps(b.bucketStart.getTime())),
    faultBuckets,
    detectedFaultBuckets: flagged.filter((b) => inside(b.bucketStart.getTime()))
      .length,
  };
}

export interface SeedReport {
  readonly seed: number;
  readonly normal: JudgedFortnight;
  readonly injected: JudgedFortnight;
}

export interface ReportOptions {
  readonly seeds: readonly number[];
  readonly startDay?: string;
  readonly config?: VolumeAnomalyConfig;
  /** Called after each seed, for progress output. */
  readonly onSeed?: (report: SeedReport) => void;
}

/** The injected faults: an outage on day 13 and a spike on day 14. */
export function injectedFaults(startDay: string): GeneratorConfigInput {
  return {
    outage: { days: [dayAfter(startDay, 12)], startMinute: 600, minutes: 30 },
    spike: {
      days: [dayAfter(startDay, 13)],
      startMinute: 300,
      minutes: 30,
      factor: 5,
    },
  };
}

/** The seeds the report judges by default, and the tests with it. */
export const REPORT_SEEDS: readonly number[] = [DEFAULT_SEED, 1, 7];

/**
 * Bucket counts of a normal fortnight and of the same fortnight with the
 * injected faults (only the two fault days are generated twice).
 */
export function generateFortnights(
  seed: number,
  startDay: string = REPORT_START_DAY,
): { normal: GeneratedCounts; injected: GeneratedCounts } {
  const faults = injectedFaults(startDay);
  const faultDays = [
    ...(faults.outage?.days ?? []),
    ...(faults.spike?.days ?? []),
  ];
  const normal: GeneratedCounts = { counts: new Map(), faults: [] };
  const injected: GeneratedCounts = { counts: new Map(), faults: [] };
  for (let d = 0; d < 14; d += 1) {
    const day = dayAfter(startDay, d);
    const plain = countDay(seed, day);
    merge(normal, plain);
    merge(
      injected,
      faultDays.includes(day) ? countDay(seed, day, faults) : plain,
    );
  }
  return { normal, injected };
}

/**
 * For each seed: false alarms over week two of a normal fortnight, and
 * detection of the injected outage and spike in the same fortnight.
 */
export async function anomaliesReport(
  db: Database,
  options: ReportOptions,
): Promise<SeedReport[]> {
  const startDay = options.startDay ?? REPORT_START_DAY;
  const shape = {
    startDay,
    days: 14,
    trainDays: 7,
    ...(options.config ? { config: options.config } : {}),
  };
  const reports: SeedReport[] = [];
  for (const seed of options.seeds) {
    const { normal, injected } = generateFortnights(seed, startDay);
    const report: SeedReport = {
      seed,
      normal: await judgeGenerated(db, normal, shape),
      injected: await judgeGenerated(db, injected, shape),
    };
    options.onSeed?.(report);
    reports.push(report);
  }
  return reports;
}

function merge(into: GeneratedCounts, day: GeneratedCounts): void {
  for (const [bucket, count] of day.counts) {
    into.counts.set(bucket, (into.counts.get(bucket) ?? 0) + count);
  }
  into.faults.push(...day.faults);
}
