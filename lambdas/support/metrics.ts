/**
 * The transform's CloudWatch metrics as one Embedded Metric Format log
 * line: CloudWatch Logs turns it into metrics with no API call and no
 * extra permission. The stack's DQ alarm watches `DqFailed`.
 */
import type { TransformRunResult } from '../../src/transform/index';

export const METRICS_NAMESPACE = 'PulsePipeline';
export const PIPELINE_DIMENSION = 'Pipeline';

export const METRIC_NAMES = {
  dqFailed: 'DqFailed',
  transformFailed: 'TransformFailed',
  rowsRead: 'RowsRead',
  backlogRows: 'BacklogRows',
  durationMs: 'TransformDurationMs',
} as const;

export interface EmfLine {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { Name: string; Unit: string }[];
    }[];
  };
  readonly [field: string]: unknown;
}

/**
 * The EMF fields for one run, or null for a skipped run (it measured
 * nothing; another run holds the lock and reports for both).
 */
export function transformMetrics(
  result: TransformRunResult,
  options: { readonly pipeline: string; readonly at: Date },
): EmfLine | null {
  if (result.status === 'skipped') return null;
  const values: Record<string, [number, string]> = {
    [METRIC_NAMES.transformFailed]: [
      result.status === 'failed' ? 1 : 0,
      'Count',
    ],
    [METRIC_NAMES.rowsRead]: [result.rows_read, 'Count'],
    [METRIC_NAMES.durationMs]: [result.duration_ms, 'Milliseconds'],
  };
  // A failed run has no DQ verdict: the TransformFailed metric and the
  // Lambda error alarm report it, not the DQ alarm.
  if (result.overall_pass !== null) {
    values[METRIC_NAMES.dqFailed] = [result.overall_pass ? 0 : 1, 'Count'];
  }
  if (result.backlog_rows !== null) {
    values[METRIC_NAMES.backlogRows] = [result.backlog_rows, 'Count'];
  }
  return {
    _aws: {
      Timestamp: options.at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[PIPELINE_DIMENSION]],
          Metrics: Object.entries(values).map(([name, [, unit]]) => ({
            Name: name,
            Unit: unit,
          })),
        },
      ],
    },
    [PIPELINE_DIMENSION]: options.pipeline,
    ...Object.fromEntries(
      Object.entries(values).map(([name, [value]]) => [name, value]),
    ),
    failed_checks: result.failed_checks,
    run_id: result.run_id,
  };
}
