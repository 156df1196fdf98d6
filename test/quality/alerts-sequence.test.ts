import type { Database } from '../../src/db/database';
import { applyCheckResults } from '../../src/quality/alert-state';
import { channelsFromSettings } from '../../src/quality/channels/config';
import { runTransform } from '../../src/transform';
import {
  startAlertReceiver,
  type AlertReceiver,
} from '../support/alert-receiver';
import {
  openDataApiEngine,
  type DataApiEngine,
} from '../support/data-api-engine';
import { describeEachEngine } from '../support/engines';
import { insertBucketHistory, insertLiveRows } from './live-rows';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 9, 12, 0);
const TOKEN = '123456:test-token';
const CHECKS = ['empty_window', 'freshness', 'volume'];

interface WebhookBody {
  check: string;
  transition: string;
}

/**
 * Healthy, an outage from T0 + 1 min (failing, still failing, re-armed
 * after 10 minutes), recovered at T0 + 20 min, then a duplicate run and a
 * later healthy run. Returns what the receiver got at each stage.
 */
async function outageScenario(db: Database, receiver: AlertReceiver) {
  const channels = channelsFromSettings({
    ALERT_WEBHOOK_URL: `${receiver.url}/hook`,
    SLACK_WEBHOOK_URL: `${receiver.url}/slack/T0/B0/secret`,
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_CHAT_ID: '-100200300',
    TELEGRAM_API_URL: receiver.url,
  });
  // Eight days of counted volume (30 per bucket) and a live feed.
  await insertBucketHistory(db, T0 - 8 * 1440 * MINUTE, T0 - 30 * MINUTE, 30);
  await insertLiveRows(db, T0 - 30 * MINUTE, T0 + MINUTE);
  const run = (minutes: number) =>
    runTransform(db, {
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

  const healthy = await run(1.5);
  const afterHealthy = hooks().length;
  await run(11.5);
  const failing = hooks().sort();
  await run(16.5);
  const stillFailing = hooks().length;
  await run(21.5);
  const rearmed = hooks().slice(failing.length).sort();
  await insertLiveRows(db, T0 + 20 * MINUTE, T0 + 31 * MINUTE);
  const recoveredRun = await run(31.5);
  const recovered = hooks()
    .slice(failing.length + rearmed.length)
    .sort();
  await run(31.5);
  await insertLiveRows(db, T0 + 31 * MINUTE, T0 + 36 * MINUTE);
  await run(36.5);
  return {
    healthyFailed: healthy.failed_checks,
    afterHealthy,
    failing,
    stillFailing,
    rearmed,
    recoveredFailed: recoveredRun.failed_checks,
    recovered,
    total: hooks().length,
  };
}

function expectOneOfEach(
  seen: Awaited<ReturnType<typeof outageScenario>>,
  receiver: AlertReceiver,
) {
  expect(seen.healthyFailed).toEqual([]);
  expect(seen.afterHealthy).toBe(0);
  expect(seen.failing).toEqual(CHECKS.map((check) => `${check}:failing`));
  expect(seen.stillFailing).toBe(CHECKS.length);
  expect(seen.rearmed).toEqual(CHECKS.map((check) => `${check}:rearm`));
  expect(seen.recoveredFailed).toEqual([]);
  expect(seen.recovered).toEqual(CHECKS.map((check) => `${check}:recovered`));
  expect(seen.total).toBe(9);
  expect(receiver.on('/slack/T0/B0/secret')).toHaveLength(9);
  expect(receiver.on(`/bot${TOKEN}/sendMessage`)).toHaveLength(9);
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
    const seen = await outageScenario(db(), receiver);

    expectOneOfEach(seen, receiver);
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

describe('alerts over a scripted sequence of runs [data api]', () => {
  let engine: DataApiEngine;
  let receiver: AlertReceiver;

  beforeAll(async () => {
    engine = await openDataApiEngine();
    receiver = await startAlertReceiver();
  });

  afterAll(async () => {
    await receiver.close();
    await engine.dispose();
  });

  test('the same sequence through the RDS Data API driver notifies the same way', async () => {
    const seen = await outageScenario(engine.db, receiver);

    expectOneOfEach(seen, receiver);
  });
});

describeEachEngine('alerts when delivery or the run fails', ({ db }) => {
  test('an unreachable channel does not fail the transform and the failure is recorded', async () => {
    await insertLiveRows(db(), T0 - 30 * MINUTE, T0 - 20 * MINUTE);

    const result = await runTransform(db(), {
      now: new Date(T0),
      quality: { maxFreshnessLagSeconds: 300 },
      monitoring: { alerts: { attemptsPerDelivery: 2, backoffMs: 1 } },
      alertChannels: channelsFromSettings({
        ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/unreachable',
      }),
    });

    expect(result.status).toBe('ok');
    expect(result.failed_checks).toEqual(['empty_window', 'freshness']);
    const { rows } = await db().query<{
      check_name: string;
      status: string;
      last_error: string;
    }>(
      'select check_name, status, last_error from dq.notifications order by check_name',
    );
    expect(rows.map((row) => [row.check_name, row.status])).toEqual([
      ['empty_window', 'failed'],
      ['freshness', 'failed'],
    ]);
    expect(rows[0]?.last_error).toMatch(
      /^webhook: POST http:\/\/127\.0\.0\.1:9/,
    );
  });

  test('a run that rolls back leaves no alert state and no notification behind', async () => {
    const before = await db().query<{ n: number }>(
      'select count(*)::int as n from dq.notifications',
    );

    await expect(
      db().transaction(async (tx) => {
        await applyCheckResults(
          tx,
          [{ check: 'rollback_probe', outcome: 'failing', detail: 'x' }],
          new Date(T0),
          60,
        );
        throw new Error('the run failed after deciding its alerts');
      }),
    ).rejects.toThrow('the run failed after deciding its alerts');

    const after = await db().query<{ n: number }>(
      'select count(*)::int as n from dq.notifications',
    );
    const state = await db().query(
      "select 1 from dq.alert_state where check_name = 'rollback_probe'",
    );
    expect(after.rows).toEqual(before.rows);
    expect(state.rows).toEqual([]);
  });
});
