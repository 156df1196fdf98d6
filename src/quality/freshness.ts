/** Freshness (feed) and latency (pipeline) of one check. */
import { typed, type Queryable } from '../db/database';
import { runStatement } from './run-statement';

export interface Freshness {
  /** check_ts minus the newest ingested_at; null when raw is empty. */
  readonly freshnessLagSeconds: number | null;
  /**
   * The newest ingested_at minus that of the newest row the marts reflect;
   * null when raw is empty or the marts reflect no row yet.
   */
  readonly pipelineLatencySeconds: number | null;
  readonly newestIngestedAt: Date | null;
  readonly reflectedIngestedAt: Date | null;
}

interface FreshnessRow {
  freshness_lag_seconds: number | null;
  pipeline_latency_seconds: number | null;
  newest_ingested_at: Date | null;
  reflected_ingested_at: Date | null;
}

export async function measureFreshness(
  db: Queryable,
  checkTs: Date,
  reflectedRawId: number,
): Promise<Freshness> {
  const { rows } = await runStatement<FreshnessRow>(db, 'freshness', [
    typed('timestamptz', checkTs),
    reflectedRawId,
  ]);
  const row = rows[0];
  return {
    freshnessLagSeconds: row?.freshness_lag_seconds ?? null,
    pipelineLatencySeconds: row?.pipeline_latency_seconds ?? null,
    newestIngestedAt: row?.newest_ingested_at ?? null,
    reflectedIngestedAt: row?.reflected_ingested_at ?? null,
  };
}
