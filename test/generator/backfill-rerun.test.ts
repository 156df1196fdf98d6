/**
 * A backfill run again, resumed after a crash, or run around live ticks
 * writes every planned event once. The expected rows come straight from
 * the generated days (generateDay), not from what the backfill reports.
 */
import type { Database } from '../../src/db/database';
import {
  arrivedBy,
  backfill,
  generateDay,
  generateTick,
  unfinishedBackfill,
} from '../../src/generator/index';
import { describeEachEngine, truncateAll } from '../support/engines';
import { failingOnLoad } from '../support/failing-db';

const SEED = 31;
const CONFIG = { eventsPerDay: 1_500 };
const DAYS = ['2026-05-20', '2026-05-21'];
const at = (iso: string) => new Date(iso);

/** Event ids (null as '-') of every planned arrival up to `now`, sorted. */
function plannedUpTo(now: Date): string[] {
  return DAYS.flatMap(
    (day) =>
      arrivedBy(generateDay({ seed: SEED, day, config: CONFIG }), now).events,
  )
    .map((event) => event.event_id ?? '-')
    .sort();
}

describeEachEngine('backfill run again', ({ db }) => {
  beforeEach(async () => {
    await truncateAll(db());
  });

  async function rawIds(): Promise<string[]> {
    const { rows } = await db().query<{ event_id: string | null }>(
      'select event_id from raw.events',
    );
    return rows.map((row) => row.event_id ?? '-').sort();
  }

  const run = (now: Date, target: Database = db()) =>
    backfill(target, { seed: SEED, days: 1, now, config: CONFIG });

  test('a second backfill over the same range writes nothing', async () => {
    const now = at('2026-05-21T06:30:00Z');
    const first = await run(now);
    const second = await run(now);

    expect(second.rows).toBe(0);
    expect(second.rowsAlreadyWritten).toBe(first.rows);
    expect(await rawIds()).toEqual(plannedUpTo(now));
  });

  test('a later backfill writes only what arrived since the first', async () => {
    await run(at('2026-05-21T06:30:00Z'));
    const later = at('2026-05-21T09:15:00Z');
    const second = await run(later);

    expect(second.rows).toBeGreaterThan(0);
    expect(await rawIds()).toEqual(plannedUpTo(later));
  });

  test('a backfill cut off mid-way is resumed without writing a day twice', async () => {
    const now = at('2026-05-21T06:30:00Z');
    // The first day is one insert; the second day's insert fails.
    await expect(run(now, failingOnLoad(db(), 2))).rejects.toThrow(
      'connection terminated',
    );
    const firstDayOnly = arrivedBy(
      generateDay({ seed: SEED, day: DAYS[0]!, config: CONFIG }),
      now,
    ).events.map((event) => event.event_id ?? '-');
    expect(await rawIds()).toEqual(firstDayOnly.sort());

    const pending = await unfinishedBackfill(db());
    expect(pending).toMatchObject({ seed: SEED, days: 1, until: now });
    await backfill(db(), {
      seed: pending!.seed,
      days: pending!.days,
      now: pending!.until,
      resume: pending!.backfillId,
      config: CONFIG,
    });

    expect(await rawIds()).toEqual(plannedUpTo(now));
    expect(await unfinishedBackfill(db())).toBeNull();
  });

  test('a backfill after live ticks skips what the ticks wrote', async () => {
    await run(at('2026-05-21T06:30:00Z'));
    for (const minute of ['06:31', '06:32', '06:33']) {
      await generateTick(db(), {
        seed: SEED,
        now: at(`2026-05-21T${minute}:00Z`),
        config: CONFIG,
      });
    }
    const later = at('2026-05-21T07:00:00Z');
    await run(later);

    expect(await rawIds()).toEqual(plannedUpTo(later));
  });

  test('a backfill into a day that ticks began fills what came before them', async () => {
    const tickAt = at('2026-05-21T06:30:00Z');
    await generateTick(db(), { seed: SEED, now: tickAt, config: CONFIG });
    await run(tickAt);

    expect(await rawIds()).toEqual(plannedUpTo(tickAt));
  });
});
