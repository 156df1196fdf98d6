/**
 * Alert delivery as the transform calls it after its commit: the channels
 * come from the environment (and ALERT_SECRET_ARN on AWS), resolved once
 * per process. Never throws: a bad setting or an unreachable channel is
 * logged, and the notifications stay queued for the next run.
 */
import type { Queryable } from '../db/database';
import type { Logger } from '../log';
import type { AlertChannel } from './channels/channel';
import { channelsFromSettings } from './channels/config';
import { resolveAlertSettings } from './channels/secrets';
import { deliverPending, type DeliverySummary } from './deliver';
import type { AlertConfig } from './monitoring-config';

let fromEnv: Promise<AlertChannel[]> | undefined;

/** The channels the process environment configures (cached). */
export function channelsFromEnvironment(
  env: Record<string, string | undefined> = process.env,
): Promise<AlertChannel[]> {
  fromEnv ??= resolveAlertSettings(env).then(channelsFromSettings);
  // A failed lookup (say, the secret was unreadable) is retried next time.
  fromEnv.catch(() => {
    fromEnv = undefined;
  });
  return fromEnv;
}

export async function deliverAlerts(
  db: Queryable,
  log: Logger,
  options: {
    readonly channels?: readonly AlertChannel[];
    readonly config?: AlertConfig;
  } = {},
): Promise<DeliverySummary | null> {
  let channels: readonly AlertChannel[];
  try {
    channels = options.channels ?? (await channelsFromEnvironment());
  } catch (error) {
    log.error(
      {
        step: 'alerts',
        err: error instanceof Error ? error.message : String(error),
      },
      'alert channels not configured correctly; notifications stay queued',
    );
    return null;
  }
  return deliverPending(db, channels, log, {
    ...(options.config ? { config: options.config } : {}),
  });
}
