/**
 * Alert settings on AWS: a Secrets Manager secret (its ARN in
 * ALERT_SECRET_ARN) whose value is a JSON object with the same keys as the
 * environment variables. Variables set in the environment win.
 */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

import { ConfigError } from '../../db/errors';
import {
  ALERT_SETTING_KEYS,
  alertSettingsFromEnv,
  type AlertSettings,
} from './config';

type SecretsClient = Pick<SecretsManagerClient, 'send'>;

/** Reads the JSON secret `arn` and keeps the alert settings found in it. */
export async function loadAlertSecret(
  arn: string,
  client: SecretsClient = new SecretsManagerClient({}),
): Promise<AlertSettings> {
  let reply: { SecretString?: string | undefined };
  try {
    reply = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      `alert secret ${arn} could not be read (${reason}); check ALERT_SECRET_ARN and the secretsmanager:GetSecretValue permission`,
    );
  }
  const text = reply.SecretString;
  if (!text) {
    throw new ConfigError(
      `alert secret ${arn} has no string value; store a JSON object such as {"SLACK_WEBHOOK_URL": "..."}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `alert secret ${arn} is not a JSON object; store e.g. {"TELEGRAM_BOT_TOKEN": "...", "TELEGRAM_CHAT_ID": "..."}`,
    );
  }
  const values = parsed as Record<string, unknown>;
  const settings: AlertSettings = {};
  for (const key of ALERT_SETTING_KEYS) {
    const value = values[key];
    if (typeof value === 'string' && value.trim()) settings[key] = value.trim();
    else if (typeof value === 'number') settings[key] = String(value);
  }
  return settings;
}

/** The environment's alert settings, filled from ALERT_SECRET_ARN if set. */
export async function resolveAlertSettings(
  env: Record<string, string | undefined>,
  client?: SecretsClient,
): Promise<AlertSettings> {
  const fromEnv = alertSettingsFromEnv(env);
  const arn = env.ALERT_SECRET_ARN?.trim();
  if (!arn) return fromEnv;
  const fromSecret = await loadAlertSecret(arn, client);
  return { ...fromSecret, ...fromEnv };
}
