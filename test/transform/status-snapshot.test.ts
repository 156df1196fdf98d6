import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { generateDay } from '../../src/generator';
import { resolveQualityConfig } from '../../src/quality/config';
import { referenceSnapshot } from './reference';
import { insertRaw, rawEvent, readRaw, resetDatabase, uuid } from './support';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-03-10T12:30:00Z');

const snapshotOf = async (
  db: import('../../src/db/database').Database,
  runId: number,
) =>
  (
    await db.query('select * from dq.status_snapshots where run_id = $1', [
      runId,
    ])
  ).rows[0];

describeEachEngine('DQ status snapshot', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test('counts the window (check_ts - 10 min, check_ts] of raw and of stg', async () => {
    await insertRaw(db(), [
      // Outside: the first copy of event 5, long before the window.
      rawEvent({ event_id: uuid(5), ingested_at: at('2026-03-10T12:00:00Z') }),
      // Outside: exactly at the window's open end.
      rawEvent({ event_id: uuid(1), ingested_at: at('2026-03-10T12:20:00Z') }),
      rawEvent({
        event_id: uuid(2),
        platform: 'windows',
        ingested_at: at('2026-03-10T12:20:00.001Z'),
      }),
      // A resend of event 2: raw in the window, not a stg row.
      rawEvent({ event_id: uuid(2), ingested_at: at('2026-03-10T12:25:00Z') }),
      rawEvent({
        event_id: uuid(3),
        event_name: 'purchase',
        price: '-1.00',
        event_time: at('2026-03-10T12:29:00Z'),
        ingested_at: NOW,
      }),
      // Rejected: raw in the window, not a stg row.
      rawEvent({
        event_id: uuid(6),
        user_id: null,
        ingested_at: at('2026-03-10T12:29:00Z'),
      }),
      // A resend of event 5 inside the window: not a stg row.
      rawEvent({ event_id: uuid(5), ingested_at: at('2026-03-10T12:26:00Z') }),
      // Outside: after check_ts.
      rawEvent({
        event_id: uuid(4),
        ingested_at: at('2026-03-10T12:30:00.001Z'),
      }),
    ]);

    const result = await runTransform(db(), {
      now: NOW,
      quality: { minWindowCount: 1 },
    });

    expect(await snapshotOf(db(), result.run_id)).toMatchObject({
      check_ts: NOW,
      window_start: at('2026-03-10T12:20:00Z'),
      window_end: NOW,
      events_last_10m: 5,
      stg_rows: 2,
      invalid_event_name_cnt: 0,
      negative_price_cnt: 1,
      purchase_without_price_cnt: 0,
      unknown_platform_cnt: 1,
      unknown_source_cnt: 0,
      unknown_region_cnt: 0,
      future_event_time_cnt: 0,
      freshness_lag_seconds: '-0.001',
      backlog_rows: 0,
      schema_test_failures: 0,
      overall_pass: false,
      failed_checks: ['negative_price', 'unknown_platform'],
    });
  });

  test('passes on a fresh window of clean events', async () => {
    await insertRaw(db(), [
      rawEvent({ event_id: uuid(1), ingested_at: at('2026-03-10T12:25:00Z') }),
      rawEvent({ event_id: uuid(2), ingested_at: at('2026-03-10T12:25:00Z') }),
    ]);

    const result = await runTransform(db(), { now: NOW });

    expect(result.overall_pass).toBe(true);
    expect(await snapshotOf(db(), result.run_id)).toMatchObject({
      events_last_10m: 2,
      freshness_lag_seconds: '300.000',
      overall_pass: true,
      failed_checks: [],
    });
  });

  test('fails on an empty window and a stale feed', async () => {
    await insertRaw(db(), [
      rawEvent({ event_id: uuid(1), ingested_at: at('2026-03-10T12:25:00Z') }),
    ]);

    const result = await runTransform(db(), {
      now: at('2026-03-10T13:30:00Z'),
    });

    expect(result.overall_pass).toBe(false);
    expect(await snapshotOf(db(), result.run_id)).toMatchObject({
      events_last_10m: 0,
      freshness_lag_seconds: '3900.000',
      failed_checks: ['empty_window', 'freshness'],
    });
  });

  test('thresholds come from the quality config', async () => {
    await insertRaw(db(), [
      rawEvent({
        event_id: uuid(1),
        platform: 'windows',
        ingested_at: at('2026-03-10T12:25:00Z'),
      }),
      rawEvent({ event_id: uuid(2), ingested_at: at('2026-03-10T12:25:00Z') }),
    ]);

    const lenient = await runTransform(db(), {
      now: NOW,
      quality: { maxShare: { unknown_platform: 0.5 }, minWindowCount: 1 },
    });
    const strict = await runTransform(db(), {
      now: NOW,
      fullRefresh: true,
      quality: { minWindowCount: 1 },
    });

    expect(lenient.failed_checks).toEqual([]);
    expect(strict.failed_checks).toEqual(['unknown_platform']);
    const day = await db().query(
      'select day_pass, failed_checks from dq.dq_daily',
    );
    expect(day.rows).toEqual([
      { day_pass: false, failed_checks: ['unknown_platform'] },
    ]);
  });

  test('a window check needs its floor of rows as well as its share', async () => {
    const rows = (bad: number) =>
      Array.from({ length: 20 }, (_, n) =>
        rawEvent({
          event_id: uuid(100 + n),
          platform: n < bad ? 'windows' : 'web',
          ingested_at: at('2026-03-10T12:25:00Z'),
        }),
      );
    await insertRaw(db(), rows(4));

    const four = await runTransform(db(), { now: NOW });
    const strict = await runTransform(db(), {
      now: NOW,
      fullRefresh: true,
      quality: { minWindowCount: 4 },
    });

    // 4 of 20 is 20%, far over the 2% share, yet under the default floor.
    expect(four.failed_checks).toEqual([]);
    expect(strict.failed_checks).toEqual(['unknown_platform']);

    await resetDatabase(db());
    await insertRaw(db(), rows(5));
    const five = await runTransform(db(), { now: NOW });
    expect(five.failed_checks).toEqual(['unknown_platform']);
  });

  test.each([
    [1, 3],
    [5, 0],
  ])(
    'every window of a generated day equals the reference (floor %i)',
    async (minWindowCount, leastFailing) => {
      const day = '2026-03-09';
      await insertRaw(db(), generateDay({ seed: 13, day }).events);
      const raw = await readRaw(db());
      const quality = { minWindowCount };
      const config = resolveQualityConfig(quality);
      const checks = new Set<string>();

      for (let hour = 0; hour <= 23; hour += 1) {
        const now = new Date(`${day}T${String(hour).padStart(2, '0')}:07:00Z`);
        const result = await runTransform(db(), { now, quality });
        const expected = referenceSnapshot(raw, now, config);
        expect(await snapshotOf(db(), result.run_id)).toMatchObject(expected);
        for (const check of expected.failed_checks) checks.add(check);
      }
      // With a floor of one row the day must make checks fail, or the
      // comparison proves little.
      expect(checks.size).toBeGreaterThanOrEqual(leastFailing);
    },
  );
});
