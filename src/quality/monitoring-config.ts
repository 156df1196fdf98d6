/**
 * Settings of the monitoring that sits on top of the DQ layer: the volume
 * anomaly model, drill-down size and alert delivery. Every pass/fail
 * threshold (freshness and pipeline latency included) lives in config.ts.
 */
import { ConfigError } from '../db/errors';

export type AnomalyDirection = 'drop' | 'spike' | 'both';

export interface VolumeAnomalyConfig {
  /**
   * Robust z (deviation over 1.4826 MAD, never below the Poisson
   * sqrt(expected)) a bucket must reach. Default 3.5.
   */
  readonly sensitivity: number;
  /** Days of history a bucket needs before it is judged. Default 7. */
  readonly minTrainingDays: number;
  /** Days of history compared at most. Default 14. */
  readonly maxTrainingDays: number;
  /**
   * Events per 5 minutes below which neither a drop nor a spike alerts:
   * when both the expected and the observed count are under it. Default 20.
   */
  readonly absoluteFloor: number;
  /**
   * Smallest change as a factor of the expected count, either way: 2 means
   * at least double or at most half. Default 2.
   */
  readonly minRatio: number;
  /**
   * Consecutive deviating buckets (same direction) before a bucket is
   * flagged: real traffic has single-bucket dips and bursts, outages and
   * spikes last. Default 2 (flagged from the second 5 minutes on).
   */
  readonly minConsecutiveBuckets: number;
  /** Which deviations count. Default 'both'. */
  readonly direction: AnomalyDirection;
  /** Buckets either side of the same time of day used as training. Default 2. */
  readonly neighbourBuckets: number;
  /** A bucket is complete this long after it ends. Default 60 s. */
  readonly completeAfterSeconds: number;
  /** How far back a run judges buckets not judged yet. Default 24 h. */
  readonly lookbackHours: number;
}

export interface AlertConfig {
  /** Repeat a failing check's alert this often; 0 never. Default 60 min. */
  readonly rearmMinutes: number;
  /** Tries per channel within one delivery. Default 3. */
  readonly attemptsPerDelivery: number;
  /** Deliveries (runs) that try a failed notification again. Default 5. */
  readonly maxDeliveries: number;
  /** First backoff between tries, doubled each time. Default 500 ms. */
  readonly backoffMs: number;
  /** Per-request timeout. Default 5000 ms. */
  readonly timeoutMs: number;
}

export interface MonitoringConfig {
  readonly volume: VolumeAnomalyConfig;
  /** Sampled event ids kept per UTC day and check. Default 10. */
  readonly drilldownSamples: number;
  readonly alerts: AlertConfig;
}

export const DEFAULT_MONITORING_CONFIG: MonitoringConfig = {
  volume: {
    sensitivity: 3.5,
    minTrainingDays: 7,
    maxTrainingDays: 14,
    absoluteFloor: 20,
    minRatio: 2,
    minConsecutiveBuckets: 2,
    direction: 'both',
    neighbourBuckets: 2,
    completeAfterSeconds: 60,
    lookbackHours: 24,
  },
  drilldownSamples: 10,
  alerts: {
    rearmMinutes: 60,
    attemptsPerDelivery: 3,
    maxDeliveries: 5,
    backoffMs: 500,
    timeoutMs: 5000,
  },
};

export interface MonitoringConfigInput {
  readonly volume?: Partial<VolumeAnomalyConfig>;
  readonly drilldownSamples?: number;
  readonly alerts?: Partial<AlertConfig>;
}

/** Defaults overlaid with `input`; bad values throw a ConfigError. */
export function resolveMonitoringConfig(
  input: MonitoringConfigInput = {},
): MonitoringConfig {
  const base = DEFAULT_MONITORING_CONFIG;
  const config: MonitoringConfig = {
    volume: { ...base.volume, ...input.volume },
    drilldownSamples: input.drilldownSamples ?? base.drilldownSamples,
    alerts: { ...base.alerts, ...input.alerts },
  };
  const v = config.volume;
  requireNumber('volume.sensitivity', v.sensitivity, 0);
  requireNumber('volume.minTrainingDays', v.minTrainingDays, 1, true);
  requireNumber('volume.maxTrainingDays', v.maxTrainingDays, 1, true);
  if (v.maxTrainingDays < v.minTrainingDays) {
    throw new ConfigError(
      `volume.maxTrainingDays (${v.maxTrainingDays}) is below volume.minTrainingDays (${v.minTrainingDays}); raise it`,
    );
  }
  requireNumber('volume.absoluteFloor', v.absoluteFloor, 0);
  requireNumber('volume.minRatio', v.minRatio, 1);
  requireNumber(
    'volume.minConsecutiveBuckets',
    v.minConsecutiveBuckets,
    1,
    true,
  );
  requireNumber('volume.neighbourBuckets', v.neighbourBuckets, 0, true);
  requireNumber('volume.completeAfterSeconds', v.completeAfterSeconds, 0);
  requireNumber('volume.lookbackHours', v.lookbackHours, 0);
  if (!['drop', 'spike', 'both'].includes(v.direction)) {
    throw new ConfigError(
      `volume.direction is "${v.direction}"; use drop, spike or both`,
    );
  }
  requireNumber('drilldownSamples', config.drilldownSamples, 0, true);
  const a = config.alerts;
  requireNumber('alerts.rearmMinutes', a.rearmMinutes, 0);
  requireNumber('alerts.attemptsPerDelivery', a.attemptsPerDelivery, 1, true);
  requireNumber('alerts.maxDeliveries', a.maxDeliveries, 1, true);
  requireNumber('alerts.backoffMs', a.backoffMs, 0);
  requireNumber('alerts.timeoutMs', a.timeoutMs, 1);
  return config;
}

function requireNumber(
  name: string,
  value: number,
  min: number,
  integer = false,
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    throw new ConfigError(
      `monitoring setting ${name} is ${String(value)}; use ${integer ? 'a whole number' : 'a number'} of at least ${min}`,
    );
  }
}
