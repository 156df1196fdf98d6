/**
 * The check results a run feeds to the alerts: the transform's snapshot
 * checks, the pipeline latency and the volume anomalies.
 */
import type { CheckResult } from './alert-decisions';

/** The checks dq.status_snapshots reports in failed_checks. */
export const SNAPSHOT_CHECKS = [
  'empty_window',
  'freshness',
  'schema_tests',
  'invalid_event_name',
  'negative_price',
  'purchase_without_price',
  'unknown_platform',
  'unknown_source',
  'unknown_region',
  'future_event_time',
] as const;

export const LATENCY_CHECK = 'latency';
export const VOLUME_CHECK = 'volume';

export interface SnapshotRow {
  run_id: number;
  check_ts: Date;
  events_last_10m: number;
  invalid_event_name_cnt: number;
  negative_price_cnt: number;
  purchase_without_price_cnt: number;
  unknown_platform_cnt: number;
  unknown_source_cnt: number;
  unknown_region_cnt: number;
  future_event_time_cnt: number;
  freshness_lag_seconds: string | null;
  raw_freshness_lag_seconds: string | null;
  schema_test_failures: number;
  overall_pass: boolean;
  failed_checks: string[];
}

/** One result per snapshot check: failing when listed in failed_checks. */
export function snapshotResults(snapshot: SnapshotRow): CheckResult[] {
  const failed = new Set(snapshot.failed_checks);
  const names = new Set<string>([...SNAPSHOT_CHECKS, ...failed]);
  return [...names].map((check) => ({
    check,
    outcome: failed.has(check) ? 'failing' : 'ok',
    detail: snapshotDetail(check, snapshot),
  }));
}

function snapshotDetail(check: string, s: SnapshotRow): string {
  const window = `${s.events_last_10m} events in the 10-minute window`;
  switch (check) {
    case 'empty_window':
      return window;
    case 'freshness':
      return `newest row the marts reflect is ${s.freshness_lag_seconds ?? 'unknown'} s old (newest raw row ${s.raw_freshness_lag_seconds ?? 'unknown'} s)`;
    case 'schema_tests':
      return `${s.schema_test_failures} schema tests failing`;
    default: {
      const count = (s as unknown as Record<string, unknown>)[`${check}_cnt`];
      return typeof count === 'number' ? `${count} of ${window}` : window;
    }
  }
}

export function latencyResult(
  latencySeconds: number | null,
  maxSeconds: number,
): CheckResult {
  if (latencySeconds === null) {
    return { check: LATENCY_CHECK, outcome: 'unknown', detail: '' };
  }
  const rounded = Math.round(latencySeconds);
  return {
    check: LATENCY_CHECK,
    outcome: latencySeconds > maxSeconds ? 'failing' : 'ok',
    detail: `marts trail the newest raw row by ${rounded} s (limit ${maxSeconds} s)`,
  };
}

export interface JudgedBucket {
  bucket_start: Date;
  observed_cnt: number;
  expected_cnt: string | null;
  score: string | null;
  is_anomaly: boolean;
  direction: string | null;
  reason: string;
}

/**
 * Failing when any bucket judged in this run is an anomaly, ok when buckets
 * were judged with enough training and none is; otherwise no evidence.
 */
export function volumeResult(judged: readonly JudgedBucket[]): CheckResult {
  const anomaly = judged.find((bucket) => bucket.is_anomaly);
  if (anomaly) {
    const at = anomaly.bucket_start.toISOString().slice(0, 16);
    return {
      check: VOLUME_CHECK,
      outcome: 'failing',
      detail: `${anomaly.direction ?? 'change'}: ${anomaly.observed_cnt} events in the 5 minutes from ${at} UTC, expected ${anomaly.expected_cnt ?? '?'} (robust z ${anomaly.score ?? '?'})`,
    };
  }
  const trained = judged.filter(
    (bucket) => bucket.reason !== 'insufficient_training',
  );
  if (trained.length === 0) {
    return { check: VOLUME_CHECK, outcome: 'unknown', detail: '' };
  }
  const newest = trained[0];
  return {
    check: VOLUME_CHECK,
    outcome: 'ok',
    detail: `${newest?.observed_cnt ?? 0} events in the newest 5 minutes judged, expected ${newest?.expected_cnt ?? '?'}`,
  };
}
