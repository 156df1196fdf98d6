/**
 * Which alert channels are on: from environment variables, or from a JSON
 * secret in AWS Secrets Manager (ALERT_SECRET_ARN) holding the same keys.
 */
import { ConfigError } from '../../db/errors';
import type { AlertChannel } from './channel';
import { slackChannel } from './slack';
import { telegramChannel } from './telegram';
import { webhookChannel } from './webhook';

export const ALERT_SETTING_KEYS = [
  'ALERT_WEBHOOK_URL',
  'SLACK_WEBHOOK_URL',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_CHAT_ID',
  'TELEGRAM_API_URL',
] as const;

export type AlertSettingKey = (typeof ALERT_SETTING_KEYS)[number];

export type AlertSettings = Partial<Record<AlertSettingKey, string>>;

/** Picks the alert settings out of an environment (blank means unset). */
export function alertSettingsFromEnv(
  env: Record<string, string | undefined>,
): AlertSettings {
  const settings: AlertSettings = {};
  for (const key of ALERT_SETTING_KEYS) {
    const value = env[key]?.trim();
    if (value) settings[key] = value;
  }
  return settings;
}

/** The channels `settings` turn on; a half-configured one throws. */
export function channelsFromSettings(settings: AlertSettings): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (settings.ALERT_WEBHOOK_URL) {
    channels.push(
      webhookChannel(httpUrl('ALERT_WEBHOOK_URL', settings.ALERT_WEBHOOK_URL)),
    );
  }
  if (settings.SLACK_WEBHOOK_URL) {
    channels.push(
      slackChannel(httpUrl('SLACK_WEBHOOK_URL', settings.SLACK_WEBHOOK_URL)),
    );
  }
  const token = settings.TELEGRAM_BOT_TOKEN;
  const chatId = settings.TELEGRAM_CHAT_ID;
  if (Boolean(token) !== Boolean(chatId)) {
    throw new ConfigError(
      'telegram alerts need both TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID; set the missing one or unset both',
    );
  }
  if (token && chatId) {
    channels.push(
      telegramChannel({
        token,
        chatId,
        ...(settings.TELEGRAM_API_URL
          ? { apiUrl: httpUrl('TELEGRAM_API_URL', settings.TELEGRAM_API_URL) }
          : {}),
      }),
    );
  }
  return channels;
}

function httpUrl(name: string, value: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol)) {
    throw new ConfigError(
      `${name} is not an http(s) URL; set it to e.g. https://example.com/hook`,
    );
  }
  return value;
}
