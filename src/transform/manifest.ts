/**
 * The transform's steps in the order they run, all in one transaction.
 * A full refresh runs the reset steps first and then the same steps over
 * every raw row; an incremental run starts at the watermark.
 */

export interface ManifestStep {
  /** Name in logs and in dq.transform_runs.steps. */
  readonly name: string;
  /** A file under sql/, or the schema-test declaration. */
  readonly file: string;
  /** Runs only on a full refresh. */
  readonly fullRefreshOnly?: boolean;
  /**
   * Runs instead of `file` on a full refresh: the state was just emptied,
   * so the step fills it with plain grouped inserts over the whole range
   * instead of per-row probes and insert-on-conflict.
   */
  readonly fullRefreshFile?: string;
  /** Compiled from the declaration instead of run as SQL. */
  readonly isSchemaTests?: boolean;
}

export const MANIFEST: readonly ManifestStep[] = [
  {
    name: 'settings',
    file: 'stg/settings.sql',
    fullRefreshFile: 'stg/settings_full.sql',
  },
  { name: 'reset_stg_state', file: 'stg/reset.sql', fullRefreshOnly: true },
  { name: 'reset_marts', file: 'mart/reset.sql', fullRefreshOnly: true },
  { name: 'reset_dq_daily', file: 'dq/reset.sql', fullRefreshOnly: true },
  { name: 'watermark', file: 'stg/watermark.sql' },
  { name: 'batch_bounds', file: 'stg/batch_bounds.sql' },
  {
    name: 'batch_events',
    file: 'stg/batch_events.sql',
    fullRefreshFile: 'stg/batch_events_full.sql',
  },
  {
    name: 'day_users',
    file: 'mart/day_users.sql',
    fullRefreshFile: 'mart/day_users_full.sql',
  },
  { name: 'funnel_daily', file: 'mart/funnel_daily.sql' },
  {
    name: 'daily_metrics',
    file: 'mart/daily_metrics.sql',
    fullRefreshFile: 'mart/daily_metrics_full.sql',
  },
  {
    name: 'dq_daily',
    file: 'dq/dq_daily.sql',
    fullRefreshFile: 'dq/dq_daily_full.sql',
  },
  { name: 'dq_verdicts', file: 'dq/dq_verdicts.sql' },
  { name: 'schema_tests', file: 'tests/schema.yml', isSchemaTests: true },
  {
    name: 'advance_watermark',
    file: 'stg/advance_watermark.sql',
    fullRefreshFile: 'stg/advance_watermark_full.sql',
  },
  { name: 'status_snapshots', file: 'dq/status_snapshots.sql' },
  { name: 'prune_history', file: 'dq/prune_history.sql' },
];

/** Taken before the manifest, so a rolled-back run keeps its id. */
export const NEXT_RUN_ID_FILE = 'dq/next_run_id.sql';

/** Writes the run's row in dq.transform_runs. */
export const RECORD_RUN_FILE = 'dq/record_run.sql';

/** Appends the schema tests' failure counts to dq.test_results. */
export const TEST_RESULTS_FILE = 'dq/test_results.sql';

/**
 * Ends a full refresh, after the quality checks, the batch's last reader:
 * empties the batch and restores its not-null constraints.
 */
export const FULL_REFRESH_FINISH_FILE = 'stg/batch_events_finish_full.sql';

/** A full refresh's schema tests run between these two. */
export const FULL_REFRESH_TEST_SETTINGS = 'tests/full_refresh_settings.sql';
export const FULL_REFRESH_TEST_SETTINGS_RESET =
  'tests/full_refresh_settings_reset.sql';
