/** The quality layer's SQL statements, read once from sql/dq/. */
import { readSqlOnce } from '../sql-files';

export type QualityStatement =
  | 'volume_buckets'
  | 'volume_anomalies'
  | 'drilldown'
  | 'drilldown_full'
  | 'freshness'
  | 'alert_state_read'
  | 'alert_state_upsert'
  | 'notification_insert'
  | 'notifications_claim'
  | 'notification_finish'
  | 'quality_inputs'
  | 'quality_state_ensure'
  | 'quality_state_advance'
  | 'quality_reset'
  | 'volume_judged_run'
  | 'snapshot_for_run'
  | 'quality_prune'
  | 'alerts_overview'
  | 'report_reset_volume'
  | 'report_flagged_buckets';

export function statement(name: QualityStatement): string {
  return readSqlOnce(`dq/${name}.sql`);
}

export const sourceOf = (name: QualityStatement): string =>
  `sql/dq/${name}.sql`;
