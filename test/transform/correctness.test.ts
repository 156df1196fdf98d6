import { generateDay } from '../../src/generator';
import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { RandomEvents } from './random-events';
import { referenceModel } from './reference';
import { insertRaw, readModel, readRaw, resetDatabase } from './support';

const NOW = new Date('2026-03-12T00:00:00Z');

describeEachEngine('transform against the reference model', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test.each([1, 2, 3, 4])(
    'equals the reference for messy random events (seed %i)',
    async (seed) => {
      const events = new RandomEvents(seed);
      const sentIds: string[] = [];
      for (let batch = 0; batch < 3; batch += 1) {
        await insertRaw(
          db(),
          events.batch({
            size: 150,
            arrivedAt: new Date(NOW.getTime() - (3 - batch) * 3_600_000),
            sentIds,
          }),
        );
      }

      const result = await runTransform(db(), { now: NOW });

      expect(result.error).toBeNull();
      expect(result.rows_read).toBe(450);
      expect(await readModel(db())).toEqual(
        referenceModel(await readRaw(db())),
      );
    },
  );

  test.each([11, 12])(
    'equals the reference for two generated days (generator seed %i)',
    async (seed) => {
      const config = { eventsPerDay: 1500 };
      for (const day of ['2026-03-09', '2026-03-10']) {
        const { events } = generateDay({ seed, day, config });
        await insertRaw(db(), events);
      }

      const result = await runTransform(db(), { now: NOW });

      expect(result.status).toBe('ok');
      const expected = referenceModel(await readRaw(db()));
      expect(await readModel(db())).toEqual(expected);
      // The generator's faults must reach the counters, or the
      // comparison proves little.
      const total = (key: 'negative_price_cnt' | 'duplicate_cnt') =>
        expected.dq_daily.reduce((sum, day) => sum + day[key], 0);
      expect(total('negative_price_cnt')).toBeGreaterThan(0);
      expect(total('duplicate_cnt')).toBeGreaterThan(0);
    },
  );

  test('counts every raw row once: rows_total = stg rows + duplicates + rejected', async () => {
    await insertRaw(
      db(),
      new RandomEvents(7).batch({ size: 300, arrivedAt: NOW, sentIds: [] }),
    );

    await runTransform(db(), { now: NOW });

    const { rows } = await db().query<Record<string, number>>(`
      select
          (select count(*) from raw.events) as raw_rows,
          (select count(*) from stg.stg_events) as stg_rows,
          (select sum(rows_total) from dq.dq_daily) as rows_total,
          (select sum(stg_rows + duplicate_cnt + rejected_cnt)
              from dq.dq_daily) as accounted,
          (select count(*) from stg.stg_events)
              + (select sum(duplicate_cnt + rejected_cnt) from dq.dq_daily)
              as view_accounted`);
    expect(rows[0]).toEqual({
      raw_rows: 300,
      stg_rows: expect.any(Number),
      rows_total: '300',
      accounted: '300',
      view_accounted: '300',
    });
    const reference = referenceModel(await readRaw(db()));
    expect(rows[0]?.stg_rows).toBe(reference.stg.length);
    // The batch must hold faults of both kinds, or the sum proves little.
    const lost = (key: 'duplicate_cnt' | 'rejected_cnt') =>
      reference.dq_daily.reduce((sum, day) => sum + day[key], 0);
    expect(lost('duplicate_cnt')).toBeGreaterThan(0);
    expect(lost('rejected_cnt')).toBeGreaterThan(0);
  });

  test('a second run with nothing new changes no mart or dq_daily row', async () => {
    await insertRaw(
      db(),
      new RandomEvents(8).batch({ size: 200, arrivedAt: NOW, sentIds: [] }),
    );
    await runTransform(db(), { now: NOW });
    const snapshot = async () => ({
      daily: (await db().query('select * from mart.daily_metrics order by dt'))
        .rows,
      funnel: (await db().query('select * from mart.funnel_daily order by dt'))
        .rows,
      dq: (await db().query('select * from dq.dq_daily order by dt')).rows,
    });
    const before = await snapshot();

    const second = await runTransform(db(), {
      now: new Date(NOW.getTime() + 300_000),
    });

    expect(second.status).toBe('ok');
    expect(second.rows_read).toBe(0);
    expect(await snapshot()).toEqual(before);
  });
});
