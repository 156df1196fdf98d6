/**
 * Migration 0066 folds state.day_step_users into state.day_users. A
 * database kept by an earlier version holds its step users in the old
 * table: the migration must carry them over, and the next incremental runs
 * must go on from the carried state as if it had always been kept so.
 */
import { loadMigrations, migrate } from '../../src/db/migrate';
import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { RandomEvents } from './random-events';
import { referenceModel, type StgRow } from './reference';
import {
  insertRaw,
  readIncrementalState,
  readModel,
  readRaw,
  resetDatabase,
} from './support';

const START = new Date('2026-03-10T08:00:00Z');
const HOUR_MS = 3_600_000;
const STEPS = ['view', 'click', 'add_to_cart', 'purchase'] as const;

interface DayUser {
  dt: string;
  user_id: number;
  has_view: boolean;
  has_click: boolean;
  has_add_to_cart: boolean;
  has_purchase: boolean;
}

/** The day users and their steps, from the reference's stg rows. */
function expectedDayUsers(stg: readonly StgRow[]): DayUser[] {
  const byKey = new Map<string, DayUser>();
  for (const row of stg) {
    if (!row.is_accepted_event) continue;
    const key = `${row.event_date}|${String(row.user_id).padStart(20, '0')}`;
    const user = byKey.get(key) ?? {
      dt: row.event_date,
      user_id: Number(row.user_id),
      has_view: false,
      has_click: false,
      has_add_to_cart: false,
      has_purchase: false,
    };
    if (row.event_name === 'view') user.has_view = true;
    if (row.event_name === 'click') user.has_click = true;
    if (row.event_name === 'add_to_cart') user.has_add_to_cart = true;
    if (row.event_name === 'purchase') user.has_purchase = true;
    byKey.set(key, user);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, user]) => user);
}

const MIGRATION = loadMigrations().find((m) =>
  m.version.startsWith('0066_'),
)!.version;

describeEachEngine('upgrade to one day-user set (migration 0066)', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test('step users are carried over and later runs go on from them', async () => {
    const events = new RandomEvents(66);
    const sentIds: string[] = [];
    for (let run = 0; run < 3; run += 1) {
      const arrivedAt = new Date(START.getTime() + run * 7 * HOUR_MS);
      await insertRaw(db(), events.batch({ size: 60, arrivedAt, sentIds }));
      expect((await runTransform(db(), { now: arrivedAt })).error).toBeNull();
    }
    const before = expectedDayUsers(referenceModel(await readRaw(db())).stg);
    expect(before.some((user) => user.has_purchase)).toBe(true);
    expect(before.some((user) => !user.has_view)).toBe(true);

    // The database as the version before 0066 left it: the day users
    // without steps, the steps in their own set (migration 0021's shape),
    // no batch counts, 0066 not applied.
    await db().exec(`
      alter table state.day_users
      drop column has_view,
      drop column has_click,
      drop column has_add_to_cart,
      drop column has_purchase;
      drop table state.batch_day_users;
      create table state.day_step_users (
          dt date not null,
          step text not null,
          user_id bigint not null,
          primary key (dt, step, user_id)
      );
    `);
    const stepRows = before.flatMap((user) =>
      STEPS.filter((step) => user[`has_${step}`]).map((step) => [
        user.dt,
        step,
        user.user_id,
      ]),
    );
    await db().insertRows(
      'state.day_step_users',
      ['dt', 'step', 'user_id'],
      stepRows,
    );
    await db().query(
      'delete from public.schema_migrations where version = $1',
      [MIGRATION],
    );

    const migrated = await migrate(db());
    expect(migrated.applied).toEqual([MIGRATION]);
    const { rows: carried } = await db().query<DayUser>(`
      select dt, user_id, has_view, has_click, has_add_to_cart, has_purchase
      from state.day_users
      order by dt, user_id`);
    expect(carried).toEqual(before);
    const { rows: oldTable } = await db().query(
      "select to_regclass('state.day_step_users') as name",
    );
    expect(oldTable).toEqual([{ name: null }]);

    // Late rows and resends land on the carried days; the runs on top of
    // the carried state match the reference and a full refresh.
    for (let run = 3; run < 6; run += 1) {
      const arrivedAt = new Date(START.getTime() + run * 7 * HOUR_MS);
      await insertRaw(db(), events.batch({ size: 60, arrivedAt, sentIds }));
      expect((await runTransform(db(), { now: arrivedAt })).error).toBeNull();
    }
    const reference = referenceModel(await readRaw(db()));
    expect(await readModel(db())).toEqual(reference);
    const incremental = await readIncrementalState(db());
    const end = new Date(START.getTime() + 6 * 7 * HOUR_MS);
    expect(
      (await runTransform(db(), { now: end, fullRefresh: true })).error,
    ).toBeNull();
    expect(await readIncrementalState(db())).toEqual(incremental);
  });
});
