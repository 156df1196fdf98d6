import { ConfigError } from '../../src/db/errors';
import { decide, type AlertState } from '../../src/quality/alert-decisions';
import { channelsFromSettings } from '../../src/quality/channels/config';
import { redact } from '../../src/quality/channels/http';
import {
  loadAlertSecret,
  resolveAlertSettings,
} from '../../src/quality/channels/secrets';
import { resolveMonitoringConfig } from '../../src/quality/monitoring-config';

const T = Date.UTC(2026, 2, 9, 12, 0);
const at = (minutes: number) => new Date(T + minutes * 60_000);
const HOUR = 3_600_000;
const failing = (check = 'negative_price') => ({
  check,
  outcome: 'failing' as const,
  detail: 'bad',
});
const ok = (check = 'negative_price') => ({
  check,
  outcome: 'ok' as const,
  detail: 'fine',
});

describe('alert decisions', () => {
  test('a check first seen ok records its state without notifying', () => {
    const decision = decide(undefined, ok(), at(0), HOUR);
    expect(decision?.notification).toBeNull();
    expect(decision?.next).toMatchObject({ state: 'ok', since: at(0) });
  });

  test('ok to failing and failing to ok each notify once with distinct keys', () => {
    const start: AlertState = {
      check: 'negative_price',
      state: 'ok',
      since: at(0),
      lastNotifiedAt: null,
    };
    const down = decide(start, failing(), at(5), HOUR);
    const up = decide(down?.next, ok(), at(10), HOUR);
    const again = decide(up?.next, ok(), at(15), HOUR);

    expect(down?.notification?.key).toBe(
      `negative_price:failing:${at(5).toISOString()}`,
    );
    expect(up?.notification?.key).toBe(
      `negative_price:recovered:${at(10).toISOString()}`,
    );
    expect(again?.notification).toBeNull();
  });

  test('a check failing for hours re-arms once per interval, keyed by slot', () => {
    let state = decide(undefined, failing(), at(0), HOUR)?.next;
    const keys: string[] = [];
    for (let minute = 5; minute <= 185; minute += 5) {
      const decision = decide(state, failing(), at(minute), HOUR);
      state = decision?.next;
      if (decision?.notification) keys.push(decision.notification.key);
    }
    const since = at(0).toISOString();
    expect(keys).toEqual([
      `negative_price:rearm:${since}:1`,
      `negative_price:rearm:${since}:2`,
      `negative_price:rearm:${since}:3`,
    ]);
  });

  test('a re-arm interval of zero never repeats', () => {
    const first = decide(undefined, failing(), at(0), 0);
    expect(decide(first?.next, failing(), at(600), 0)?.notification).toBeNull();
  });

  test('an unknown outcome leaves the state alone', () => {
    expect(
      decide(
        undefined,
        { check: 'volume', outcome: 'unknown', detail: '' },
        at(0),
        HOUR,
      ),
    ).toBeNull();
  });
});

describe('alert channel settings', () => {
  test('telegram with a token but no chat id is a configuration error', () => {
    expect(() => channelsFromSettings({ TELEGRAM_BOT_TOKEN: 'x' })).toThrow(
      ConfigError,
    );
  });

  test('a webhook that is not an http URL is a configuration error naming it', () => {
    expect(() =>
      channelsFromSettings({ SLACK_WEBHOOK_URL: 'hooks.slack.com/x' }),
    ).toThrow(/SLACK_WEBHOOK_URL is not an http\(s\) URL/);
  });

  test('no settings means no channels', () => {
    expect(channelsFromSettings({})).toEqual([]);
  });

  test('logged URLs hide Slack paths and Telegram tokens', () => {
    expect(redact('https://hooks.slack.com/services/T0/B0/secret')).toBe(
      'https://hooks.slack.com/services/***',
    );
    expect(redact('https://api.telegram.org/bot42:secret/sendMessage')).toBe(
      'https://api.telegram.org/bot***/***',
    );
  });

  test('a Secrets Manager secret fills what the environment leaves unset', async () => {
    const asked: unknown[] = [];
    const client = {
      send: async (command: { input: unknown }) => {
        asked.push(command.input);
        return {
          SecretString: JSON.stringify({
            SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/a/b/c',
            TELEGRAM_CHAT_ID: -100123,
            ALERT_WEBHOOK_URL: 'https://from-secret.example/hook',
          }),
        };
      },
    };

    const settings = await resolveAlertSettings(
      {
        ALERT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:alerts',
        ALERT_WEBHOOK_URL: 'https://from-env.example/hook',
      },
      client as never,
    );

    expect(asked).toEqual([
      { SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:alerts' },
    ]);
    expect(settings).toEqual({
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/a/b/c',
      TELEGRAM_CHAT_ID: '-100123',
      ALERT_WEBHOOK_URL: 'https://from-env.example/hook',
    });
  });

  test('a secret that is not a JSON object is a configuration error', async () => {
    const client = { send: async () => ({ SecretString: 'plain text' }) };
    await expect(loadAlertSecret('arn:x', client as never)).rejects.toThrow(
      /alert secret arn:x is not a JSON object/,
    );
  });
});

describe('monitoring config', () => {
  test('a training maximum below the minimum is refused', () => {
    expect(() =>
      resolveMonitoringConfig({ volume: { maxTrainingDays: 3 } }),
    ).toThrow(/maxTrainingDays \(3\) is below volume.minTrainingDays \(7\)/);
  });

  test('an unknown direction is refused', () => {
    expect(() =>
      resolveMonitoringConfig({ volume: { direction: 'up' as never } }),
    ).toThrow(/use drop, spike or both/);
  });
});
