import {
  backfill,
  generateDay,
  generateTick,
  type RawEventInput,
} from '../../src/generator/index';
import { describeEachEngine, truncateAll } from '../support/engines';

const SEED = 77;
const CONFIG = { eventsPerDay: 10_000 };

const days = new Map<string, RawEventInput[]>();

function eventsOf(day: string): RawEventInput[] {
  let events = days.get(day);
  if (!events) {
    events = generateDay({ seed: SEED, day, config: CONFIG }).events;
    days.set(day, events);
  }
  return events;
}

/** Event ids planned to arrive in (from, to], straight from the days. */
function plannedIds(from: string, to: string): (string | null)[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return [...new Set([from.slice(0, 10), to.slice(0, 10)])]
    .flatMap(eventsOf)
    .filter((event: RawEventInput) => {
      const at = event.ingested_at.getTime();
      return at > fromMs && at <= toMs;
    })
    .map((event) => event.event_id);
}

describeEachEngine('live tick', ({ db }) => {
  beforeEach(async () => {
    await truncateAll(db());
  });

  async function rawRows() {
    const { rows } = await db().query<{
      event_id: string | null;
      ingested_at: Date;
    }>('select event_id, ingested_at from raw.events order by id');
    return rows;
  }

  const tick = (now: string) =>
    generateTick(db(), { seed: SEED, now: new Date(now), config: CONFIG });

  test('a first tick writes the last minute, stamped with its now', async () => {
    const result = await tick('2026-05-20T17:00:00.000Z');
    const rows = await rawRows();
    expect(rows.map((row) => row.event_id)).toEqual(
      plannedIds('2026-05-20T16:59:00.000Z', '2026-05-20T17:00:00.000Z'),
    );
    expect(rows.length).toBeGreaterThan(3);
    const stamps = new Set(rows.map((row) => row.ingested_at.toISOString()));
    expect([...stamps]).toEqual(['2026-05-20T17:00:00.000Z']);
    expect(result).toMatchObject({ status: 'ok', rows: rows.length });
  });

  test('the next tick writes the next window once; a repeat writes nothing', async () => {
    await tick('2026-05-20T17:00:00.000Z');
    const before = (await rawRows()).length;
    const next = await tick('2026-05-20T17:01:00.000Z');
    const again = await tick('2026-05-20T17:01:00.000Z');
    const rows = await rawRows();
    expect(rows.slice(before).map((row) => row.event_id)).toEqual(
      plannedIds('2026-05-20T17:00:00.000Z', '2026-05-20T17:01:00.000Z'),
    );
    expect(next).toMatchObject({ status: 'ok', rows: rows.length - before });
    expect(again).toMatchObject({ status: 'ok', rows: 0 });
  });

  test('two ticks fired at once write their window once', async () => {
    await tick('2026-05-20T17:00:00.000Z');
    const before = (await rawRows()).length;
    await Promise.all([
      tick('2026-05-20T17:02:00.000Z'),
      tick('2026-05-20T17:02:00.000Z'),
    ]);
    const rows = await rawRows();
    expect(rows.slice(before).map((row) => row.event_id)).toEqual(
      plannedIds('2026-05-20T17:00:00.000Z', '2026-05-20T17:02:00.000Z'),
    );
  });

  test('a tick across UTC midnight takes the end of one day and the start of the next', async () => {
    await tick('2026-05-20T23:58:00.000Z');
    const before = (await rawRows()).length;
    await tick('2026-05-21T00:03:00.000Z');
    const ids = (await rawRows()).slice(before).map((row) => row.event_id);
    const expected = plannedIds(
      '2026-05-20T23:58:00.000Z',
      '2026-05-21T00:03:00.000Z',
    );
    expect(ids).toEqual(expected);
    const lastOfDay = plannedIds(
      '2026-05-20T23:58:00.000Z',
      '2026-05-21T00:00:00.000Z',
    );
    expect(lastOfDay.length).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThan(lastOfDay.length);
  });

  test('after a long stop a tick catches up at most maxCatchUpMinutes', async () => {
    await tick('2026-05-20T08:00:00.000Z');
    const before = (await rawRows()).length;
    await generateTick(db(), {
      seed: SEED,
      now: new Date('2026-05-20T18:00:00.000Z'),
      config: { ...CONFIG, maxCatchUpMinutes: 10 },
    });
    const ids = (await rawRows()).slice(before).map((row) => row.event_id);
    expect(ids).toEqual(
      plannedIds('2026-05-20T17:50:00.000Z', '2026-05-20T18:00:00.000Z'),
    );
  });

  test('a tick after a backfill continues where the backfill stopped', async () => {
    await backfill(db(), {
      seed: SEED,
      days: 0,
      now: new Date('2026-05-20T01:00:00.000Z'),
      config: CONFIG,
    });
    const before = (await rawRows()).length;
    await tick('2026-05-20T01:02:00.000Z');
    const ids = (await rawRows()).slice(before).map((row) => row.event_id);
    expect(ids).toEqual(
      plannedIds('2026-05-20T01:00:00.000Z', '2026-05-20T01:02:00.000Z'),
    );
    expect(before).toBe(
      plannedIds('2026-05-20T00:00:00.000Z', '2026-05-20T01:00:00.000Z').length,
    );
  });

  test('without a time it uses the database clock', async () => {
    const result = await generateTick(db(), { seed: SEED, config: CONFIG });
    const { rows } = await db().query<{ last_tick_at: Date; now: Date }>(
      'select last_tick_at, now() as now from generator.tick_state',
    );
    expect(result.status).toBe('ok');
    const lag = rows[0]!.now.getTime() - rows[0]!.last_tick_at.getTime();
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(lag).toBeLessThan(60_000);
  });
});
