/**
 * Test helpers for the transform: writing raw rows, reading them back for
 * the reference, and reading the transform's tables in the reference's
 * shape.
 */
import type { Database } from '../../src/db/database';
import { truncateAll } from '../support/engines';
import type { RawRow, ReferenceModel } from './reference';

export type RawInput = Omit<RawRow, 'id'>;

const COLUMNS = [
  'event_id',
  'event_time',
  'user_id',
  'session_id',
  'event_name',
  'item_id',
  'price',
  'currency',
  'platform',
  'region',
  'source',
  'experiment_id',
  'payload',
  'ingested_at',
] as const;

/** Appends rows to raw.events in the given order (ids follow it). */
export async function insertRaw(
  db: Database,
  rows: readonly RawInput[],
): Promise<void> {
  if (rows.length === 0) return;
  await db.insertRows(
    'raw.events',
    COLUMNS,
    rows.map((row) => COLUMNS.map((column) => row[column])),
  );
}

/** A raw row with sensible values; `overrides` says what is special. */
export function rawEvent(overrides: Partial<RawInput> = {}): RawInput {
  return {
    event_id: '00000000-0000-4000-8000-000000000000',
    event_time: new Date('2026-03-10T12:00:00Z'),
    user_id: 1,
    session_id: 's-1',
    event_name: 'view',
    item_id: null,
    price: null,
    currency: null,
    platform: 'web',
    region: 'msk',
    source: 'organic',
    experiment_id: null,
    payload: null,
    ingested_at: new Date('2026-03-10T12:00:02Z'),
    ...overrides,
  };
}

/** A fixed, readable uuid for test number `n`. */
export const uuid = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export async function readRaw(db: Database): Promise<RawRow[]> {
  const { rows } = await db.query<RawRow>(
    'select * from raw.events order by id',
  );
  return rows;
}

/** The transform's tables in the reference's shape, ordered the same. */
export async function readModel(db: Database): Promise<ReferenceModel> {
  const stg = await db.query(`
    select raw_id, event_id, event_date, user_id, session_id, event_name,
        price, platform, region, source, is_accepted_event
    from stg.stg_events
    order by raw_id`);
  const daily = await db.query(`
    select dt, dau, sessions, orders, revenue, conversion_rate, purchasers,
        user_conversion_rate
    from mart.daily_metrics
    order by dt`);
  const funnel = await db.query(`
    select dt, users_view, users_click, users_cart, users_purchase,
        view_to_click, click_to_cart, cart_to_purchase
    from mart.funnel_daily
    order by dt`);
  const dq = await db.query(`
    select dt, rows_total, rejected_cnt, duplicate_cnt, stg_rows,
        invalid_event_name_cnt, negative_price_cnt,
        purchase_without_price_cnt, unknown_platform_cnt,
        unknown_source_cnt, unknown_region_cnt, future_event_time_cnt,
        day_pass, failed_checks
    from dq.dq_daily
    order by dt`);
  return {
    stg: stg.rows,
    daily_metrics: daily.rows,
    funnel_daily: funnel.rows,
    dq_daily: dq.rows,
  } as unknown as ReferenceModel;
}

/** Every incrementally kept table, for comparing with a full refresh. */
export async function readIncrementalState(
  db: Database,
): Promise<Record<string, unknown[]>> {
  const tables: Record<string, string> = {
    daily_metrics: `select dt, dau, sessions, orders, revenue, conversion_rate,
        purchasers, user_conversion_rate from mart.daily_metrics order by dt`,
    funnel_daily: `select dt, users_view, users_click, users_cart,
        users_purchase, view_to_click, click_to_cart, cart_to_purchase
        from mart.funnel_daily order by dt`,
    dq_daily: `select dt, rows_total, rejected_cnt, duplicate_cnt, stg_rows,
        invalid_event_name_cnt, negative_price_cnt,
        purchase_without_price_cnt, unknown_platform_cnt,
        unknown_source_cnt, unknown_region_cnt, future_event_time_cnt,
        day_pass, failed_checks from dq.dq_daily order by dt`,
    day_users: `select dt, user_id, has_view, has_click, has_add_to_cart,
        has_purchase from state.day_users order by 1, 2`,
    day_sessions: 'select dt, session_id from state.day_sessions order by 1, 2',
    watermark: 'select last_raw_id, max_ingested_at from state.watermark',
  };
  const out: Record<string, unknown[]> = {};
  for (const [name, sql] of Object.entries(tables)) {
    out[name] = (await db.query(sql)).rows;
  }
  return out;
}

/**
 * Empties every table between cases. The quality steps that run inside
 * the transform keep a one-row state table seeded by its migration, which
 * truncation empties; it is seeded again here.
 */
export async function resetDatabase(db: Database): Promise<void> {
  await truncateAll(db);
  const { rows } = await db.query<{ present: boolean }>(
    "select to_regclass('dq.quality_state') is not null as present",
  );
  if (rows[0]?.present) {
    await db.exec(
      'insert into dq.quality_state (singleton) values (true) on conflict do nothing',
    );
  }
}
