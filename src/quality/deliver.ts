/**
 * Sends the notifications a committed run queued. Runs after the commit and
 * never throws: a failure is retried with backoff, logged and recorded in
 * dq.notifications (attempts, last_error, per-channel results), and a
 * later delivery tries it again until `maxDeliveries`.
 */
import { typed, type Queryable } from '../db/database';
import type { Logger } from '../log';
import type { Transition } from './alert-decisions';
import type { AlertChannel } from './channels/channel';
import type { AlertMessage } from './channels/message';
import {
  DEFAULT_MONITORING_CONFIG,
  type AlertConfig,
} from './monitoring-config';
import { runStatement } from './run-statement';

/** Per channel: sent, or failed with the last error. */
export type ChannelResult =
  | { readonly status: 'sent'; readonly tries: number; readonly at: string }
  | {
      readonly status: 'failed';
      readonly tries: number;
      readonly error: string;
    };

export interface DeliverySummary {
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
  readonly noChannel: number;
}

interface ClaimedRow {
  notification_id: number;
  notification_key: string;
  check_name: string;
  transition: Transition;
  state_since: Date;
  detail: string | null;
  created_at: Date;
  attempts: number;
  deliveries: Record<string, ChannelResult>;
}

/** A claim older than this belongs to a deliverer that died. */
const STALE_CLAIM_MS = 10 * 60_000;
const CLAIM_BATCH = 100;

export interface DeliverOptions {
  readonly config?: AlertConfig;
  /** Waits between tries; replaced in tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
}

export async function deliverPending(
  db: Queryable,
  channels: readonly AlertChannel[],
  log: Logger,
  options: DeliverOptions = {},
): Promise<DeliverySummary> {
  const config = options.config ?? DEFAULT_MONITORING_CONFIG.alerts;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());
  const summary = { claimed: 0, sent: 0, failed: 0, noChannel: 0 };
  let claimed: ClaimedRow[];
  try {
    ({ rows: claimed } = await runStatement<ClaimedRow>(
      db,
      'notifications_claim',
      [
        config.maxDeliveries,
        typed('timestamptz', new Date(now().getTime() - STALE_CLAIM_MS)),
        CLAIM_BATCH,
      ],
    ));
  } catch (error) {
    log.error({ step: 'alerts', err: errorText(error) }, 'alert claim failed');
    return summary;
  }
  summary.claimed = claimed.length;

  // A channel that failed every try is not tried again in this delivery,
  // so an outage of one service cannot hold the caller for long.
  const down = new Map<string, string>();
  for (const row of claimed) {
    const message = toMessage(row);
    const results: Record<string, ChannelResult> = { ...row.deliveries };
    for (const channel of channels) {
      if (results[channel.name]?.status === 'sent') continue;
      const downError = down.get(channel.name);
      const result: ChannelResult = downError
        ? { status: 'failed', tries: 0, error: `not tried: ${downError}` }
        : await sendWithRetry(channel, message, config, sleep, now);
      if (result.status === 'failed' && !downError) {
        down.set(channel.name, result.error);
      }
      results[channel.name] = result;
    }
    const failures = Object.entries(results).filter(
      ([name, result]) =>
        result.status === 'failed' && channels.some((c) => c.name === name),
    );
    const status =
      channels.length === 0
        ? 'no_channel'
        : failures.length
          ? 'failed'
          : 'sent';
    const lastError = failures
      .map(([name, result]) =>
        result.status === 'failed' ? `${name}: ${result.error}` : '',
      )
      .join('; ');
    if (status === 'sent') summary.sent += 1;
    else if (status === 'failed') summary.failed += 1;
    else summary.noChannel += 1;
    const fields = {
      step: 'alerts',
      notification_id: row.notification_id,
      check: row.check_name,
      transition: row.transition,
      status,
      attempts: row.attempts,
    };
    if (status === 'failed')
      log.warn({ ...fields, err: lastError }, 'alert not delivered');
    else if (status === 'sent') log.info(fields, 'alert delivered');
    else log.info(fields, 'alert recorded; no alert channel is configured');
    try {
      await runStatement(db, 'notification_finish', [
        row.notification_id,
        status,
        lastError || null,
        typed('jsonb', results),
      ]);
    } catch (error) {
      log.error(
        { ...fields, err: errorText(error) },
        'alert outcome not recorded',
      );
    }
  }
  return summary;
}

async function sendWithRetry(
  channel: AlertChannel,
  message: AlertMessage,
  config: AlertConfig,
  sleep: (ms: number) => Promise<void>,
  now: () => Date,
): Promise<ChannelResult> {
  let error = '';
  for (let attempt = 1; attempt <= config.attemptsPerDelivery; attempt += 1) {
    try {
      await channel.send(message, config.timeoutMs);
      return { status: 'sent', tries: attempt, at: now().toISOString() };
    } catch (caught) {
      error = errorText(caught);
      if (attempt < config.attemptsPerDelivery) {
        await sleep(config.backoffMs * 2 ** (attempt - 1));
      }
    }
  }
  return { status: 'failed', tries: config.attemptsPerDelivery, error };
}

function toMessage(row: ClaimedRow): AlertMessage {
  return {
    notificationId: row.notification_id,
    key: row.notification_key,
    check: row.check_name,
    transition: row.transition,
    stateSince: row.state_since,
    createdAt: row.created_at,
    detail: row.detail ?? '',
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
