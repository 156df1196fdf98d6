/**
 * Redash alerts, evaluated by Redash after each refresh of their query
 * (every 300 s) on its first row. Thresholds come from the DQ config so
 * Redash and the pipeline's own alerts agree.
 */
import { DEFAULT_QUALITY_CONFIG } from '../quality/config';
import type { AlertDefinition } from './definition';

export const ALERTS: readonly AlertDefinition[] = [
  {
    key: 'dq_overall_failing',
    name: 'Pulse: DQ status failing',
    query: 'dq_latest_snapshot',
    column: 'overall_pass_flag',
    op: '==',
    value: 0,
    rearmSeconds: 3600,
  },
  {
    // data_age_seconds keeps growing when the transform stops, unlike the
    // lag recorded in the newest snapshot.
    key: 'dq_data_stale',
    name: 'Pulse: data older than the freshness limit',
    query: 'dq_latest_snapshot',
    column: 'data_age_seconds',
    op: '>',
    value: DEFAULT_QUALITY_CONFIG.maxFreshnessLagSeconds,
    rearmSeconds: 3600,
  },
];
