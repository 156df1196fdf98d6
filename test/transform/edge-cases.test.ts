import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { referenceModel } from './reference';
import {
  insertRaw,
  rawEvent,
  readModel,
  readRaw,
  resetDatabase,
  uuid,
} from './support';

const at = (iso: string) => new Date(iso);
const NOW = at('2026-03-11T00:05:00Z');

/** Rows 1..18 of the fixture, in arrival (id) order; see the test notes. */
const FIXTURE = [
  // 1: padded, mixed-case dimensions that are valid once normalised.
  rawEvent({
    event_id: uuid(1),
    platform: ' Web ',
    region: 'MSK',
    source: 'ADS',
  }),
  // 2: resend of 1, stamped earlier but arriving later: a duplicate.
  rawEvent({
    event_id: uuid(1),
    user_id: 2,
    ingested_at: at('2026-03-10T11:59:00Z'),
  }),
  // 3: padded upper-case purchase with a price, padded session.
  rawEvent({
    event_id: uuid(2),
    event_name: ' PURCHASE ',
    session_id: ' s-1 ',
    price: '100.00',
    platform: 'ios',
  }),
  // 4: purchase without price, blank session, no platform.
  rawEvent({
    event_id: uuid(3),
    event_name: 'purchase',
    user_id: 3,
    session_id: '',
    platform: null,
  }),
  // 5: purchase with a negative price.
  rawEvent({
    event_id: uuid(4),
    event_name: 'purchase',
    user_id: 3,
    session_id: 's-3',
    price: '-5.00',
  }),
  // 6: unknown event name: in stg, not in the marts.
  rawEvent({ event_id: uuid(5), event_name: 'bogus', user_id: 4 }),
  // 7: no event_id: rejected.
  rawEvent({ event_id: null }),
  // 8: no user_id: rejected ...
  rawEvent({ event_id: uuid(6), user_id: null }),
  // 9: ... so this later row of the same event_id is its stg row.
  rawEvent({
    event_id: uuid(6),
    event_name: 'click',
    user_id: 5,
    session_id: 's-5',
  }),
  // 10: no event_time: rejected, filed under its ingest day.
  rawEvent({
    event_id: uuid(7),
    event_time: null,
    ingested_at: at('2026-03-10T00:00:00Z'),
  }),
  // 11: the last millisecond of 2026-03-10.
  rawEvent({
    event_id: uuid(8),
    user_id: 6,
    session_id: 's-6',
    event_time: at('2026-03-10T23:59:59.999Z'),
    ingested_at: at('2026-03-11T00:00:01Z'),
  }),
  // 12: the first instant of 2026-03-11.
  rawEvent({
    event_id: uuid(9),
    user_id: 6,
    session_id: 's-6',
    event_time: at('2026-03-11T00:00:00.000Z'),
    ingested_at: at('2026-03-11T00:00:01Z'),
  }),
  // 13: late: happened two days before it arrived.
  rawEvent({
    event_id: uuid(10),
    event_name: 'add_to_cart',
    event_time: at('2026-03-08T10:00:00Z'),
  }),
  // 14: more than 5 minutes after its ingest: a future event time.
  rawEvent({
    event_id: uuid(11),
    user_id: 7,
    session_id: 's-7',
    event_time: at('2026-03-10T12:10:00.001Z'),
    ingested_at: at('2026-03-10T12:05:00Z'),
  }),
  // 15: exactly 5 minutes after its ingest: not future.
  rawEvent({
    event_id: uuid(12),
    event_name: 'click',
    user_id: 7,
    session_id: 's-7',
    event_time: at('2026-03-10T12:10:00Z'),
    ingested_at: at('2026-03-10T12:05:00Z'),
  }),
  // 16: no event_name: rejected.
  rawEvent({ event_id: uuid(13), event_name: null }),
  // 17: empty event name: not rejected (not null), invalid.
  rawEvent({ event_id: uuid(14), event_name: '', user_id: 8 }),
  // 18: blank region, unknown source, capitalised platform, no session.
  rawEvent({
    event_id: uuid(15),
    event_name: 'signup',
    user_id: 9,
    session_id: null,
    platform: 'Android',
    region: '   ',
    source: 'tv',
  }),
];

describeEachEngine('transform edge cases', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
    await insertRaw(db(), FIXTURE);
  });

  test('counts the hand-checked fixture as worked out by hand', async () => {
    const result = await runTransform(db(), { now: NOW });
    expect(result.error).toBeNull();

    const model = await readModel(db());
    expect(model.daily_metrics).toEqual([
      {
        dt: '2026-03-08',
        dau: 1,
        sessions: 1,
        orders: 0,
        revenue: '0.00',
        conversion_rate: '0.0000000000',
        purchasers: 0,
        user_conversion_rate: '0.0000000000',
      },
      {
        dt: '2026-03-10',
        dau: 6,
        sessions: 5,
        orders: 3,
        revenue: '100.00',
        conversion_rate: '0.6000000000',
        purchasers: 2,
        user_conversion_rate: '0.3333333333',
      },
      {
        dt: '2026-03-11',
        dau: 1,
        sessions: 1,
        orders: 0,
        revenue: '0.00',
        conversion_rate: '0.0000000000',
        purchasers: 0,
        user_conversion_rate: '0.0000000000',
      },
    ]);
    expect(model.funnel_daily[1]).toEqual({
      dt: '2026-03-10',
      users_view: 3,
      users_click: 2,
      users_cart: 0,
      users_purchase: 2,
      view_to_click: '0.6666666667',
      click_to_cart: '0.0000000000',
      cart_to_purchase: '0.0000000000',
    });
    expect(model.funnel_daily[0]).toMatchObject({
      dt: '2026-03-08',
      users_cart: 1,
      cart_to_purchase: '0.0000000000',
    });
    expect(model.dq_daily.map((day) => day.dt)).toEqual([
      '2026-03-08',
      '2026-03-10',
      '2026-03-11',
    ]);
    expect(model.dq_daily[1]).toMatchObject({
      rows_total: 16,
      rejected_cnt: 4,
      duplicate_cnt: 1,
      stg_rows: 11,
      invalid_event_name_cnt: 2,
      negative_price_cnt: 1,
      purchase_without_price_cnt: 1,
      unknown_platform_cnt: 1,
      unknown_source_cnt: 1,
      unknown_region_cnt: 1,
      future_event_time_cnt: 1,
      day_pass: false,
    });
    expect(model.dq_daily[1]?.failed_checks).toContain('rejected');
  });

  test('cleans stg rows as the spec says', async () => {
    await runTransform(db(), { now: NOW });

    const { rows } = await db().query(`
      select raw_id, event_name, session_id, price, platform, region, source,
          is_accepted_event
      from stg.stg_events
      where raw_id in (1, 3, 4, 5, 9, 17, 18)
      order by raw_id`);
    expect(rows).toEqual([
      {
        raw_id: 1,
        event_name: 'view',
        session_id: 's-1',
        price: null,
        platform: 'web',
        region: 'msk',
        source: 'ads',
        is_accepted_event: true,
      },
      {
        raw_id: 3,
        event_name: 'purchase',
        session_id: 's-1',
        price: '100.00',
        platform: 'ios',
        region: 'msk',
        source: 'organic',
        is_accepted_event: true,
      },
      {
        raw_id: 4,
        event_name: 'purchase',
        session_id: null,
        price: null,
        platform: 'unknown',
        region: 'msk',
        source: 'organic',
        is_accepted_event: true,
      },
      {
        raw_id: 5,
        event_name: 'purchase',
        session_id: 's-3',
        price: null,
        platform: 'web',
        region: 'msk',
        source: 'organic',
        is_accepted_event: true,
      },
      {
        raw_id: 9,
        event_name: 'click',
        session_id: 's-5',
        price: null,
        platform: 'web',
        region: 'msk',
        source: 'organic',
        is_accepted_event: true,
      },
      {
        raw_id: 17,
        event_name: '',
        session_id: 's-1',
        price: null,
        platform: 'web',
        region: 'msk',
        source: 'organic',
        is_accepted_event: false,
      },
      {
        raw_id: 18,
        event_name: 'signup',
        session_id: null,
        price: null,
        platform: 'android',
        region: 'unknown',
        source: 'tv',
        is_accepted_event: true,
      },
    ]);
  });

  test('agrees with the reference model on every table', async () => {
    await runTransform(db(), { now: NOW });

    expect(await readModel(db())).toEqual(referenceModel(await readRaw(db())));
  });

  test('a late event and a resend in a later run change only the late day', async () => {
    const first = await runTransform(db(), { now: NOW });
    const before = await db().query(
      'select * from mart.daily_metrics order by dt',
    );

    await insertRaw(db(), [
      // A resend of row 3 with another price: a duplicate, however late.
      rawEvent({
        event_id: uuid(2),
        event_name: 'purchase',
        price: '999.00',
        ingested_at: at('2026-03-10T12:20:00Z'),
      }),
      rawEvent({
        event_id: uuid(100),
        event_name: 'purchase',
        user_id: 42,
        session_id: 's-42',
        price: '10.25',
        event_time: at('2026-03-08T23:00:00Z'),
        ingested_at: at('2026-03-10T12:21:00Z'),
      }),
    ]);
    const second = await runTransform(db(), { now: NOW });

    expect(second.watermark_from).toBe(first.watermark_to);
    expect(second.rows_read).toBe(2);
    const after = await db().query(
      'select * from mart.daily_metrics order by dt',
    );
    expect(after.rows.slice(1)).toEqual(before.rows.slice(1));
    expect(after.rows[0]).toMatchObject({
      dt: '2026-03-08',
      dau: 2,
      orders: 1,
      revenue: '10.25',
      purchasers: 1,
      updated_run_id: second.run_id,
    });
    const dq = await db().query<{ dt: string; duplicate_cnt: number }>(
      "select dt, duplicate_cnt from dq.dq_daily where dt = '2026-03-10'",
    );
    expect(dq.rows[0]?.duplicate_cnt).toBe(2);
    expect(await readModel(db())).toEqual(referenceModel(await readRaw(db())));
  });
});
