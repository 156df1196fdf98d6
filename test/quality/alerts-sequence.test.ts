import { channelsFromSettings } from '../../src/quality/channels/config';
import { runTransform } from '../../src/transform';
import {
  startAlertReceiver,
  type AlertReceiver,
} from '../support/alert-receiver';
import { describeEachEngine } from '../support/engines';
import { insertBucketHistory, insertLiveRows } from './live-rows';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 9, 12, 0);
const TOKEN = '123456:test-token';

interface WebhookBody {
  check: string;
  transition: string;
}

describeEachEngine('alerts over a scripted sequence of runs', ({ db }) => {
  let receiver: AlertReceiver;

  beforeAll(async () => {
    receiver = await startAlertReceiver();
  });

  afterAll(async () => {
    await receiver.close();
  });

  test('an outage sends one failure, one re-arm and one recovery per check, and a duplicate run sends nothing', async () => {
    const channels = channelsFromSettings({
      ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
      SLACK_WEBHOOK_URL: `${receiver.url}/slack/T0/B0/secret`,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_CHAT_ID: '-100200300',
      TELEGRAM_API_URL: receiver.url,
    });
    // GIVEN eight days of counted volume (30 per bucket) and a live feed
    await insertBucketHistory(
      db(),
      T0 - 8 * 1440 * MINUTE,
      T0 - 30 * MINUTE,
      30,
    );
    await insertLiveRows(db(), T0 - 30 * MINUTE, T0 + MINUTE);
    const run = (minutes: number) =>
      runTransform(db(), {
        now: new Date(T0 + minutes * MINUTE),
        quality: { maxFreshnessLagSeconds: 300 },
        monitoring: { alerts: { rearmMinutes: 10 } },
        alertChannels: channels,
      });
    const hooks = () =>
      receiver
        .on('/hook')
        .map((request) => request.body as WebhookBody)
        .map((body) => `${body.check}:${body.transition}`);

    // WHEN healthy, then the feed stops at T0 + 1 min
    expect((await run(1.5)).failed_checks).toEqual([]);
    expect(hooks()).toEqual([]);
    await run(11.5);
    const failing = hooks().sort();
    await run(16.5);
    const stillFailing = hooks().length;
    await run(21.5);
    const rearmed = hooks().slice(failing.length).sort();
    // AND the feed comes back at T0 + 20 min
    await insertLiveRows(db(), T0 + 20 * MINUTE, T0 + 31 * MINUTE);
    expect((await run(31.5)).failed_checks).toEqual([]);
    const recovered = hooks()
      .slice(failing.length + rearmed.length)
      .sort();
    await run(31.5);
    await insertLiveRows(db(), T0 + 31 * MINUTE, T0 + 36 * MINUTE);
    await run(36.5);

    // THEN
    const checks = ['empty_window', 'freshness', 'volume'];
    expect(failing).toEqual(checks.map((check) => `${check}:failing`));
    expect(stillFailing).toBe(3);
    expect(rearmed).toEqual(checks.map((check) => `${check}:rearm`));
    expect(recovered).toEqual(checks.map((check) => `${check}:recovered`));
    expect(hooks()).toHaveLength(9);
    expect(receiver.on('/slack/T0/B0/secret')).toHaveLength(9);
    expect(receiver.on(`/bot${TOKEN}/sendMessage`)).toHaveLength(9);

    const { rows } = await db().query<{ status: string; n: number }>(
      'select status, count(*)::int as n from dq.notifications group by status',
    );
    expect(rows).toEqual([{ status: 'sent', n: 9 }]);
    const { rows: states } = await db().query<{ check_name: string }>(
      "select check_name from dq.alert_state where state = 'failing'",
    );
    expect(states).toEqual([]);
  });
});
