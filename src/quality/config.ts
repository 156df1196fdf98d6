/**
 * The one place where the DQ layer's pass/fail thresholds (the daily and
 * window checks, freshness and the pipeline's latency) and the history
 * retention live. The transform binds these values into its SQL; no
 * threshold is written in a SQL file.
 */
import { ConfigError } from '../db/errors';

/** Checks judged as a share of raw rows (of a day, or of the window). */
export const SHARE_CHECKS = [
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

export type ShareCheck = (typeof SHARE_CHECKS)[number];

export interface QualityConfig {
  /**
   * Highest share of raw rows each check may count before it fails, for a
   * day in dq.dq_daily and for the window in dq.status_snapshots.
   */
  readonly maxShare: Readonly<Record<ShareCheck, number>>;
  /** Width of the status window, in minutes. Default 10. */
  readonly windowMinutes: number;
  /**
   * Rows a check must count in the status window, besides its share,
   * before it fails there: a window holds a few hundred events, where one
   * stray row is already over 0.5%, so shares alone would flap from run to
   * run. Days (dq.dq_daily) are judged on their share only. Default 5.
   */
  readonly minWindowCount: number;
  /**
   * Seconds between check_ts and the newest processed ingested_at above
   * which the status fails 'freshness'. Default 900.
   */
  readonly maxFreshnessLagSeconds: number;
  /**
   * Seconds the marts may trail the newest raw row before the 'latency'
   * alert check fails (the pipeline's own delay). Default 900.
   */
  readonly maxPipelineLatencySeconds: number;
  /** Days kept in snapshots, test results and the run log. Default 30. */
  readonly retentionDays: number;
}

export const DEFAULT_QUALITY_CONFIG: QualityConfig = {
  maxShare: {
    rejected: 0.02,
    duplicate: 0.05,
    invalid_event_name: 0.01,
    negative_price: 0.005,
    purchase_without_price: 0.005,
    unknown_platform: 0.02,
    unknown_source: 0.02,
    unknown_region: 0.02,
    future_event_time: 0.01,
  },
  windowMinutes: 10,
  minWindowCount: 5,
  maxFreshnessLagSeconds: 900,
  maxPipelineLatencySeconds: 900,
  retentionDays: 30,
};

export interface QualityConfigInput {
  readonly maxShare?: Partial<Record<ShareCheck, number>>;
  readonly windowMinutes?: number;
  readonly minWindowCount?: number;
  readonly maxFreshnessLagSeconds?: number;
  readonly maxPipelineLatencySeconds?: number;
  readonly retentionDays?: number;
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(
      `quality setting ${name} is ${value}; use a number above 0`,
    );
  }
  return value;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(
      `quality setting ${name} is ${value}; use a whole number of rows, 1 or more`,
    );
  }
  return value;
}

/** Defaults overlaid with `input`, each value checked. */
export function resolveQualityConfig(
  input: QualityConfigInput = {},
): QualityConfig {
  const maxShare = { ...DEFAULT_QUALITY_CONFIG.maxShare };
  for (const [name, value] of Object.entries(input.maxShare ?? {})) {
    if (!(SHARE_CHECKS as readonly string[]).includes(name)) {
      throw new ConfigError(
        `unknown quality check "${name}"; use one of ${SHARE_CHECKS.join(', ')}`,
      );
    }
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new ConfigError(
        `quality share for ${name} is ${value}; use a fraction from 0 to 1`,
      );
    }
    maxShare[name as ShareCheck] = value;
  }
  const base = DEFAULT_QUALITY_CONFIG;
  return {
    maxShare,
    windowMinutes: positive(
      input.windowMinutes ?? base.windowMinutes,
      'windowMinutes',
    ),
    minWindowCount: positiveInteger(
      input.minWindowCount ?? base.minWindowCount,
      'minWindowCount',
    ),
    maxFreshnessLagSeconds: positive(
      input.maxFreshnessLagSeconds ?? base.maxFreshnessLagSeconds,
      'maxFreshnessLagSeconds',
    ),
    maxPipelineLatencySeconds: positive(
      input.maxPipelineLatencySeconds ?? base.maxPipelineLatencySeconds,
      'maxPipelineLatencySeconds',
    ),
    retentionDays: positive(
      input.retentionDays ?? base.retentionDays,
      'retentionDays',
    ),
  };
}
