import type { Database } from '../../src/db/database';
import { silentLogger } from '../../src/log';
import { applyCheckResults } from '../../src/quality/alert-state';
import { channelsFromSettings } from '../../src/quality/channels/config';
import { deliverPending } from '../../src/quality/deliver';
import { DEFAULT_MONITORING_CONFIG } from '../../src/quality/monitoring-config';
import {
  startAlertReceiver,
  type AlertReceiver,
} from '../support/alert-receiver';
import { describeEachEngine, truncateAll } from '../support/engines';

const NOW = new Date('2026-03-09T12:00:00Z');
const FAST = { ...DEFAULT_MONITORING_CONFIG.alerts, backoffMs: 1 };
const noSleep = async () => {};

async function queueFailure(db: Database, check: string): Promise<void> {
  await applyCheckResults(
    db,
    [{ check, outcome: 'failing', detail: `${check} went bad` }],
    NOW,
    60,
  );
}

interface NotificationRow {
  status: string;
  attempts: number;
  last_error: string | null;
  deliveries: Record<string, { status: string; tries: number }>;
}

async function notification(db: Database): Promise<NotificationRow> {
  const { rows } = await db.query<NotificationRow>(
    'select status, attempts, last_error, deliveries from dq.notifications',
  );
  return rows[0] as NotificationRow;
}

describeEachEngine('alert delivery', ({ db }) => {
  let receiver: AlertReceiver;

  beforeAll(async () => {
    receiver = await startAlertReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  beforeEach(async () => {
    await truncateAll(db());
    receiver.clear();
    receiver.failNext(0);
  });

  test('a failing request is retried with backoff and recorded as sent', async () => {
    await queueFailure(db(), 'negative_price');
    const channels = channelsFromSettings({
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
    });
    receiver.failNext(2);
    const waits: number[] = [];

    const summary = await deliverPending(db(), channels, silentLogger, {
      config: FAST,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    expect(summary).toEqual({ claimed: 1, sent: 1, failed: 0, noChannel: 0 });
    expect(waits).toEqual([1, 2]);
    expect(receiver.on('/hook')).toHaveLength(1);
    expect(await notification(db())).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
      deliveries: { webhook: { status: 'sent', tries: 3 } },
    });
  });

  test('an unreachable channel is recorded as failed and only it is retried later', async () => {
    await queueFailure(db(), 'unknown_region');
    const working = `${receiver.url}/hook`;
    const down = 'http://127.0.0.1:9/nothing-listens-here';

    const first = await deliverPending(
      db(),
      channelsFromSettings({
        ALERT_WEBHOOK_URL: working,
        SLACK_WEBHOOK_URL: down,
      }),
      silentLogger,
      { config: FAST, sleep: noSleep },
    );
    const afterFirst = await notification(db());
    const second = await deliverPending(
      db(),
      channelsFromSettings({
        ALERT_WEBHOOK_URL: working,
        SLACK_WEBHOOK_URL: `${receiver.url}/slack/T/B/x`,
      }),
      silentLogger,
      { config: FAST, sleep: noSleep },
    );
    const third = await deliverPending(db(), [], silentLogger, {
      config: FAST,
    });

    expect(first.failed).toBe(1);
    expect(afterFirst.status).toBe('failed');
    expect(afterFirst.last_error).toMatch(
      /^slack: POST http:\/\/127\.0\.0\.1:9/,
    );
    expect(second.sent).toBe(1);
    expect(third.claimed).toBe(0);
    expect(receiver.on('/hook')).toHaveLength(1);
    expect(receiver.on('/slack/T/B/x')).toHaveLength(1);
    expect(await notification(db())).toMatchObject({
      status: 'sent',
      attempts: 2,
      deliveries: {
        webhook: { status: 'sent' },
        slack: { status: 'sent', tries: 1 },
      },
    });
  });

  test('a notification stops being retried after the last allowed delivery', async () => {
    await queueFailure(db(), 'freshness');
    const channels = channelsFromSettings({
      ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/down',
    });
    const config = { ...FAST, maxDeliveries: 2, attemptsPerDelivery: 1 };

    const claims: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const summary = await deliverPending(db(), channels, silentLogger, {
        config,
      });
      claims.push(summary.claimed);
    }

    expect(claims).toEqual([1, 1, 0, 0]);
    expect(await notification(db())).toMatchObject({
      status: 'failed',
      attempts: 2,
    });
  });

  test('with no channel configured a notification is recorded as such, once', async () => {
    await queueFailure(db(), 'volume');

    const first = await deliverPending(db(), [], silentLogger);
    const second = await deliverPending(db(), [], silentLogger);

    expect([first.noChannel, second.claimed]).toEqual([1, 0]);
    expect((await notification(db())).status).toBe('no_channel');
  });

  test('Slack and Telegram receive their documented payloads', async () => {
    await queueFailure(db(), 'negative_price');
    const channels = channelsFromSettings({
      SLACK_WEBHOOK_URL: `${receiver.url}/slack/T1/B1/abc`,
      TELEGRAM_BOT_TOKEN: '42:secret',
      TELEGRAM_CHAT_ID: '@pulse_alerts',
      TELEGRAM_API_URL: `${receiver.url}/`,
    });

    await deliverPending(db(), channels, silentLogger, { config: FAST });

    const text = `[FAILING] data quality check negative_price: negative_price went bad (failing since ${NOW.toISOString()})`;
    const [slack] = receiver.on('/slack/T1/B1/abc');
    expect(slack?.method).toBe('POST');
    expect(slack?.contentType).toBe('application/json');
    expect(slack?.body).toEqual({
      text,
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }],
    });
    const [telegram] = receiver.on('/bot42:secret/sendMessage');
    expect(telegram?.contentType).toBe('application/json');
    expect(telegram?.body).toEqual({
      chat_id: '@pulse_alerts',
      text,
      disable_web_page_preview: true,
    });
  });

  test('the generic webhook receives the notification as flat JSON', async () => {
    await queueFailure(db(), 'latency');

    await deliverPending(
      db(),
      channelsFromSettings({ ALERT_WEBHOOK_URL: `${receiver.url}/hook` }),
      silentLogger,
    );

    expect(receiver.on('/hook')[0]?.body).toEqual({
      source: 'pulse-pipeline',
      notification_id: 1,
      notification_key: `latency:failing:${NOW.toISOString()}`,
      check: 'latency',
      transition: 'failing',
      state: 'failing',
      state_since: NOW.toISOString(),
      created_at: NOW.toISOString(),
      detail: 'latency went bad',
      text: `[FAILING] data quality check latency: latency went bad (failing since ${NOW.toISOString()})`,
    });
  });
});
