/**
 * Drill-down: per UTC day and check, the offending rows counted by
 * normalised platform, source and region, with a bounded sample of rows.
 */
import type { Queryable } from '../db/database';
import { runStatement } from './run-statement';

/** The checks the drill-down traces (dq_daily's counters, by name). */
export const DRILLDOWN_CHECKS = [
  'rejected',
  'duplicate',
  'invalid_event_name',
  'negative_price',
  'purchase_without_price',
  'unknown_platform',
  'unknown_source',
  'unknown_region',
  'future_event_time',
] as const;

export type DrilldownCheck = (typeof DRILLDOWN_CHECKS)[number];

/**
 * Adds the offending raw rows with id in (fromId, toId]. `fromBatch`: the
 * transform's batch in the same transaction holds exactly these rows and
 * the drill-down tables were just emptied (a full refresh), so they are
 * counted from the batch alone instead of from raw joined to it.
 */
export async function updateDrilldown(
  db: Queryable,
  fromId: number,
  toId: number,
  sampleLimit: number,
  fromBatch = false,
): Promise<number> {
  if (toId <= fromId) return 0;
  const name = fromBatch ? 'drilldown_full' : 'drilldown';
  const result = await runStatement(db, name, [fromId, toId, sampleLimit]);
  return result.rowCount;
}
