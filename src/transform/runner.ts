/**
 * Runs the transform once: the manifest's steps in one transaction under
 * the transform lock, from the watermark to at most `maxRows` raw rows
 * further. An overlapping run skips; a failing run rolls back and is
 * recorded as failed. Every run gets a row in dq.transform_runs.
 */
import { performance } from 'node:perf_hooks';

import { typed, type Database, type Queryable } from '../db/database';
import { ConfigError } from '../db/errors';
import { silentLogger, type Logger } from '../log';
import {
  resolveQualityConfig,
  type QualityConfig,
  type QualityConfigInput,
} from '../quality/config';
import { deliverAlerts } from '../quality/alerts';
import type { AlertChannel } from '../quality/channels/channel';
import {
  resolveMonitoringConfig,
  type MonitoringConfig,
  type MonitoringConfigInput,
} from '../quality/monitoring-config';
import { runQualityChecks } from '../quality/run';
import {
  MANIFEST,
  NEXT_RUN_ID_FILE,
  RECORD_RUN_FILE,
  TEST_RESULTS_FILE,
  FULL_REFRESH_TEST_SETTINGS,
  FULL_REFRESH_TEST_SETTINGS_RESET,
  FULL_REFRESH_FINISH_FILE,
} from './manifest';
import {
  runSqlFile,
  runSqlText,
  type FileResult,
  type StepParams,
} from './run-sql-file';
import { projectSchemaTests } from './schema-tests';

/** The advisory lock every transform run takes, on every engine. */
export const TRANSFORM_LOCK_KEY = 7_310_020;

/**
 * Raw rows one incremental run reads at most; the next runs continue.
 * Sized so each statement stays far below the Data API's 45 s limit.
 */
export const DEFAULT_MAX_ROWS_PER_RUN = 200_000;

export type TransformStatus = 'ok' | 'failed' | 'skipped';

export interface StepTiming {
  readonly step: string;
  readonly file: string;
  readonly rows: number;
  readonly duration_ms: number;
}

export interface TransformRunResult {
  readonly status: TransformStatus;
  readonly run_id: number;
  readonly full_refresh: boolean;
  readonly rows_read: number;
  readonly watermark_from: number | null;
  readonly watermark_to: number | null;
  readonly duration_ms: number;
  readonly steps: StepTiming[];
  /** The new DQ status; null when the run did not finish. */
  readonly overall_pass: boolean | null;
  readonly failed_checks: string[];
  /** Raw rows past the new watermark, left for the next runs. */
  readonly backlog_rows: number | null;
  readonly error: string | null;
}

export interface TransformOptions {
  /** The run's clock: check_ts, started_at, retention. Default: now. */
  readonly now?: Date;
  readonly log?: Logger;
  /** Forget all state and rebuild from every raw row. */
  readonly fullRefresh?: boolean;
  /**
   * Raw rows read at most. Default DEFAULT_MAX_ROWS_PER_RUN, and no limit
   * on a full refresh.
   */
  readonly maxRows?: number;
  readonly quality?: QualityConfigInput;
  /** Alert channels; default from the environment (src/quality/alerts). */
  readonly alertChannels?: readonly AlertChannel[];
  /** Anomaly, latency and alert settings (src/quality/monitoring-config). */
  readonly monitoring?: MonitoringConfigInput;
}

export interface RunState {
  runId: number | null;
  watermarkFrom: number | null;
  watermarkTo: number | null;
  rowsRead: number;
  steps: StepTiming[];
}

const num = (value: unknown): number => Number(value);

export function stepParams(
  state: RunState,
  checkTs: Date,
  maxRows: number | null,
  quality: QualityConfig,
): StepParams {
  const params: Record<string, StepParams[string]> = {
    run_id: state.runId ?? undefined,
    check_ts: typed('timestamptz', checkTs),
    window_start: typed(
      'timestamptz',
      new Date(checkTs.getTime() - quality.windowMinutes * 60_000),
    ),
    retention_cutoff: typed(
      'timestamptz',
      new Date(checkTs.getTime() - quality.retentionDays * 86_400_000),
    ),
    max_rows: maxRows,
    watermark_from: state.watermarkFrom ?? undefined,
    watermark_to: state.watermarkTo ?? undefined,
    max_freshness_lag_seconds: typed(
      'numeric',
      String(quality.maxFreshnessLagSeconds),
    ),
    min_window_count: quality.minWindowCount,
  };
  for (const [check, share] of Object.entries(quality.maxShare)) {
    params[`max_${check}_share`] = typed('numeric', String(share));
  }
  return params;
}

function checkMaxRows(maxRows: number | undefined): void {
  if (maxRows === undefined) return;
  if (!Number.isSafeInteger(maxRows) || maxRows < 1) {
    throw new ConfigError(
      `max rows per run is ${maxRows}; use a whole number of at least 1`,
    );
  }
}

async function recordRun(
  db: Queryable,
  fields: {
    runId: number | null;
    startedAt: Date;
    durationMs: number;
    status: TransformStatus;
    fullRefresh: boolean;
    state: RunState | null;
    error: string | null;
  },
): Promise<number> {
  const { state } = fields;
  const { rows } = await runSqlFile(db, RECORD_RUN_FILE, {
    run_id: fields.runId,
    started_at: typed('timestamptz', fields.startedAt),
    finished_at: typed(
      'timestamptz',
      new Date(fields.startedAt.getTime() + Math.round(fields.durationMs)),
    ),
    status: fields.status,
    is_full_refresh: fields.fullRefresh,
    rows_read: state?.rowsRead ?? 0,
    watermark_from: state?.watermarkFrom ?? null,
    watermark_to: state?.watermarkTo ?? null,
    duration_ms: Math.round(fields.durationMs),
    steps: typed('jsonb', state?.steps ?? []),
    error: fields.error,
  });
  return num(rows[0]?.run_id);
}

export async function runTransform(
  db: Database,
  options: TransformOptions = {},
): Promise<TransformRunResult> {
  checkMaxRows(options.maxRows);
  const log = options.log ?? silentLogger;
  const fullRefresh = options.fullRefresh ?? false;
  const quality = resolveQualityConfig(options.quality);
  const monitoring = resolveMonitoringConfig(options.monitoring);
  const maxRows =
    options.maxRows ?? (fullRefresh ? null : DEFAULT_MAX_ROWS_PER_RUN);
  const checkTs = options.now ?? new Date();
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const state: RunState = {
    runId: null,
    watermarkFrom: null,
    watermarkTo: null,
    rowsRead: 0,
    steps: [],
  };

  const base = { full_refresh: fullRefresh, steps: state.steps };
  let finished: StepsOutcome;

  try {
    const locked = await db.transactionWithLock(TRANSFORM_LOCK_KEY, (tx) =>
      runSteps(tx, state, {
        checkTs,
        maxRows,
        quality,
        monitoring,
        fullRefresh,
        log,
        elapsed,
      }),
    );
    if (!locked.acquired) {
      log.warn(
        { step: 'transform', status: 'skipped' },
        'another transform run holds the lock; skipping this one',
      );
      const runId = await db.transaction((tx) =>
        recordRun(tx, {
          runId: null,
          startedAt: checkTs,
          durationMs: elapsed(),
          status: 'skipped',
          fullRefresh,
          state: null,
          error: null,
        }),
      );
      return {
        ...base,
        status: 'skipped',
        run_id: runId,
        rows_read: 0,
        watermark_from: null,
        watermark_to: null,
        duration_ms: Math.round(elapsed()),
        overall_pass: null,
        failed_checks: [],
        backlog_rows: null,
        error: null,
      };
    }
    finished = locked.value;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(
      { step: 'transform', status: 'failed', err: message },
      'transform failed and rolled back',
    );
    const runId = await db.transaction((tx) =>
      recordRun(tx, {
        runId: state.runId,
        startedAt: checkTs,
        durationMs: elapsed(),
        status: 'failed',
        fullRefresh,
        state,
        error: message,
      }),
    );
    return {
      ...base,
      status: 'failed',
      run_id: runId,
      rows_read: state.rowsRead,
      watermark_from: state.watermarkFrom,
      watermark_to: state.watermarkTo,
      duration_ms: Math.round(elapsed()),
      overall_pass: null,
      failed_checks: [],
      backlog_rows: null,
      error: message,
    };
  }

  const result: TransformRunResult = {
    ...base,
    status: 'ok',
    run_id: state.runId ?? 0,
    rows_read: state.rowsRead,
    watermark_from: state.watermarkFrom,
    watermark_to: state.watermarkTo,
    duration_ms: Math.round(elapsed()),
    overall_pass: finished.outcome.overall_pass,
    failed_checks: finished.outcome.failed_checks,
    backlog_rows: finished.backlogRows,
    error: null,
  };
  // After the commit: a rolled-back run must notify nobody.
  await deliverAlerts(db, log, {
    config: monitoring.alerts,
    ...(options.alertChannels ? { channels: options.alertChannels } : {}),
  });
  log.info(
    {
      step: 'transform',
      run_id: result.run_id,
      rows: result.rows_read,
      watermark_from: result.watermark_from,
      watermark_to: result.watermark_to,
      backlog_rows: result.backlog_rows,
      overall_pass: result.overall_pass,
      failed_checks: result.failed_checks,
      duration_ms: result.duration_ms,
    },
    fullRefresh ? 'full refresh done' : 'transform done',
  );
  return result;
}

interface RunSettings {
  readonly checkTs: Date;
  readonly maxRows: number | null;
  readonly quality: QualityConfig;
  readonly monitoring: MonitoringConfig;
  readonly fullRefresh: boolean;
  readonly log: Logger;
  readonly elapsed: () => number;
}

/** Counts the failures, then appends them to dq.test_results. */
async function runSchemaTests(
  tx: Queryable,
  params: StepParams,
  file: string,
  fullRefresh: boolean,
): Promise<FileResult> {
  const compiled = projectSchemaTests();
  if (fullRefresh) await runSqlFile(tx, FULL_REFRESH_TEST_SETTINGS, params);
  const counted = await runSqlText(
    tx,
    [fullRefresh ? compiled.fullRefreshSql : compiled.sql],
    params,
    `sql/${file}`,
  );
  if (fullRefresh) {
    await runSqlFile(tx, FULL_REFRESH_TEST_SETTINGS_RESET, params);
  }
  return runSqlFile(tx, TEST_RESULTS_FILE, {
    ...params,
    results: typed('jsonb', counted.rows),
  });
}

interface StepsOutcome {
  readonly outcome: { overall_pass: boolean; failed_checks: string[] };
  readonly backlogRows: number;
}

/** Milliseconds since `start`, to a tenth: a step's recorded duration. */
function msSince(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

async function runSteps(
  tx: Queryable,
  state: RunState,
  settings: RunSettings,
): Promise<StepsOutcome> {
  const { checkTs, maxRows, quality, log } = settings;
  const idResult = await runSqlFile(tx, NEXT_RUN_ID_FILE, {});
  state.runId = num(idResult.rows[0]?.run_id);
  let outcome = { overall_pass: false, failed_checks: [] as string[] };
  let backlogRows = 0;

  for (const step of MANIFEST) {
    if (step.fullRefreshOnly && !settings.fullRefresh) continue;
    const params = stepParams(state, checkTs, maxRows, quality);
    const file =
      settings.fullRefresh && step.fullRefreshFile
        ? step.fullRefreshFile
        : step.file;
    const stepStart = performance.now();
    const result = step.isSchemaTests
      ? await runSchemaTests(tx, params, file, settings.fullRefresh)
      : await runSqlFile(tx, file, params);
    const row = result.rows[0] ?? {};
    let rows = result.rowCount;
    if (step.name === 'watermark') {
      state.watermarkFrom = num(row.last_raw_id);
    } else if (step.name === 'batch_bounds') {
      state.watermarkTo = num(row.watermark_to);
      state.rowsRead = num(row.rows_read);
      rows = state.rowsRead;
    } else if (step.name === 'status_snapshots') {
      outcome = {
        overall_pass: row.overall_pass === true,
        failed_checks: (row.failed_checks as string[] | undefined) ?? [],
      };
      backlogRows = num(row.backlog_rows);
    }
    const timing: StepTiming = {
      step: step.name,
      file: `sql/${file}`,
      rows,
      duration_ms: msSince(stepStart),
    };
    state.steps.push(timing);
    log.debug({ ...timing, run_id: state.runId }, 'transform step done');
  }

  const qualityStart = performance.now();
  const checked = await runQualityChecks(tx, {
    checkTs,
    rawIdTo: state.watermarkTo ?? 0,
    ...(state.runId === null ? {} : { runId: state.runId }),
    fullRefresh: settings.fullRefresh,
    retentionDays: quality.retentionDays,
    maxPipelineLatencySeconds: quality.maxPipelineLatencySeconds,
    config: settings.monitoring,
    log,
  });
  state.steps.push({
    step: 'quality',
    file: 'src/quality/run.ts',
    rows: checked.rowsCounted,
    duration_ms: msSince(qualityStart),
  });
  if (settings.fullRefresh) {
    const finishStart = performance.now();
    await runSqlFile(tx, FULL_REFRESH_FINISH_FILE, {});
    state.steps.push({
      step: 'finish_batch',
      file: `sql/${FULL_REFRESH_FINISH_FILE}`,
      rows: 0,
      duration_ms: msSince(finishStart),
    });
  }

  await recordRun(tx, {
    runId: state.runId,
    startedAt: checkTs,
    durationMs: settings.elapsed(),
    status: 'ok',
    fullRefresh: settings.fullRefresh,
    state,
    error: null,
  });
  return { outcome, backlogRows };
}
