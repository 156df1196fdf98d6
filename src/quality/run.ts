/**
 * The quality steps of one transform run, inside its transaction: count the
 * new raw rows into the volume buckets and the drill-down, judge the
 * complete buckets, measure the pipeline latency, and decide the alerts.
 * Notifications are only queued here; `deliverPending` sends them after
 * the transaction commits, so a rolled-back run notifies nobody.
 */
import { typed, type Queryable } from '../db/database';
import { silentLogger, type Logger } from '../log';
import type { CheckResult, PendingNotification } from './alert-decisions';
import { applyCheckResults } from './alert-state';
import { DEFAULT_QUALITY_CONFIG } from './config';
import {
  latencyResult,
  snapshotResults,
  volumeResult,
  type JudgedBucket,
  type SnapshotRow,
} from './checks';
import { updateDrilldown } from './drilldown';
import { measureFreshness } from './freshness';
import {
  DEFAULT_MONITORING_CONFIG,
  type MonitoringConfig,
} from './monitoring-config';
import { runScript, runStatement } from './run-statement';
import { countVolumeBuckets, judgeRange, judgeVolume } from './volume';

export interface QualityRunContext {
  /** The run's check time (the transform's check_ts). */
  readonly checkTs: Date;
  /** The highest raw id the marts reflect after this run (watermark_to). */
  readonly rawIdTo: number;
  /** The transform run whose dq.status_snapshots row feeds the alerts. */
  readonly runId?: number;
  /**
   * Recount buckets and drill-down from raw (a full refresh). The
   * drill-down then reads the transform's batch, which must hold every raw
   * row up to `rawIdTo`, classified in the same transaction.
   */
  readonly fullRefresh?: boolean;
  /**
   * Days of quality history kept (judged buckets, notifications); the
   * transform passes its retention. Default 30, never below the training.
   */
  readonly retentionDays?: number;
  readonly config?: MonitoringConfig;
  /** The 'latency' threshold; default the quality config's. */
  readonly maxPipelineLatencySeconds?: number;
  readonly log?: Logger;
}

export interface QualityRunResult {
  readonly rowsCounted: number;
  readonly bucketsJudged: number;
  readonly anomalies: number;
  readonly pipelineLatencySeconds: number | null;
  readonly checks: readonly CheckResult[];
  /** Queued in dq.notifications by this run, to deliver after commit. */
  readonly notifications: readonly PendingNotification[];
}

interface InputsRow {
  raw_id_done: number;
  counted_up_to: Date | null;
  has_backlog: boolean;
  last_judged: Date | null;
}

export async function runQualityChecks(
  tx: Queryable,
  ctx: QualityRunContext,
): Promise<QualityRunResult> {
  const config = ctx.config ?? DEFAULT_MONITORING_CONFIG;
  const log = ctx.log ?? silentLogger;
  const timed = async <T>(step: string, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await fn();
    log.debug(
      { step, duration_ms: Math.round(performance.now() - started) },
      'quality step done',
    );
    return value;
  };

  if (ctx.fullRefresh)
    await timed('quality_reset', () => runScript(tx, 'quality_reset'));
  await runStatement(tx, 'quality_state_ensure', []);
  const { rows } = await runStatement<InputsRow>(tx, 'quality_inputs', [
    ctx.rawIdTo,
  ]);
  const inputs = rows[0];
  if (!inputs) throw new Error('dq.quality_state has no row after ensure');

  const fromId = inputs.raw_id_done;
  const toId = Math.max(ctx.rawIdTo, fromId);
  await timed('volume_buckets', () => countVolumeBuckets(tx, fromId, toId));
  await timed('drilldown', () =>
    updateDrilldown(
      tx,
      fromId,
      toId,
      config.drilldownSamples,
      ctx.fullRefresh ?? false,
    ),
  );
  await runStatement(tx, 'quality_state_advance', [
    toId,
    typed('timestamptz', ctx.checkTs),
  ]);

  const range = judgeRange(
    {
      checkTs: ctx.checkTs,
      countedUpTo: inputs.counted_up_to,
      hasBacklog: inputs.has_backlog,
      lastJudged: inputs.last_judged,
    },
    config.volume,
  );
  const bucketsJudged = await timed('volume_anomalies', () =>
    judgeVolume(tx, range, config.volume, ctx.checkTs),
  );
  const { rows: judged } = await runStatement<JudgedBucket>(
    tx,
    'volume_judged_run',
    [typed('timestamptz', ctx.checkTs)],
  );

  const freshness = await measureFreshness(tx, ctx.checkTs, ctx.rawIdTo);
  const latency = freshness.pipelineLatencySeconds;
  const checks: CheckResult[] = [];
  if (ctx.runId !== undefined) {
    const { rows: snapshots } = await runStatement<SnapshotRow>(
      tx,
      'snapshot_for_run',
      [
        ctx.runId,
        latency === null ? null : typed('numeric', latency.toFixed(3)),
      ],
    );
    if (snapshots[0]) checks.push(...snapshotResults(snapshots[0]));
  }
  checks.push(
    latencyResult(
      latency,
      ctx.maxPipelineLatencySeconds ??
        DEFAULT_QUALITY_CONFIG.maxPipelineLatencySeconds,
    ),
  );
  checks.push(volumeResult(judged));

  const notifications = await timed('alert_state', () =>
    applyCheckResults(tx, checks, ctx.checkTs, config.alerts.rearmMinutes),
  );
  const retentionDays = Math.max(
    ctx.retentionDays ?? 30,
    config.volume.maxTrainingDays + 1,
  );
  await runStatement(tx, 'quality_prune', [
    typed(
      'timestamptz',
      new Date(ctx.checkTs.getTime() - retentionDays * 86_400_000),
    ),
  ]);
  const anomalies = judged.filter((bucket) => bucket.is_anomaly).length;
  log.info(
    {
      step: 'quality',
      rows: toId - fromId,
      buckets_judged: bucketsJudged,
      anomalies,
      pipeline_latency_seconds: latency,
      notifications: notifications.length,
    },
    'quality checks done',
  );
  return {
    rowsCounted: toId - fromId,
    bucketsJudged,
    anomalies,
    pipelineLatencySeconds: latency,
    checks,
    notifications,
  };
}
