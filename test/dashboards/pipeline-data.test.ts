/**
 * The dashboards on data the real pipeline made: generated events through
 * the transform. Every query must run against the transform's tables, and
 * the counters must show what the marts hold.
 */
import { DASHBOARDS } from '../../src/dashboards';
import { QueryRunner } from '../../src/dashboards/query-runner';
import { backfill } from '../../src/generator';
import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { utcDay } from './seed';

describeEachEngine(
  'dashboards on a generated and transformed week',
  ({ db }) => {
    let runner: QueryRunner;

    beforeAll(async () => {
      const now = new Date();
      await backfill(db(), {
        seed: 11,
        days: 6,
        now,
        config: { eventsPerDay: 1500 },
      });
      const run = await runTransform(db(), { now });
      expect(run.status).toBe('ok');
      runner = new QueryRunner(db(), DASHBOARDS);
    });

    test('every query of both dashboards runs on the transform tables and has rows', async () => {
      for (const query of DASHBOARDS.queries) {
        const { rows } = await runner.run(query.key);
        expect({ key: query.key, empty: rows.length === 0 }).toEqual({
          key: query.key,
          empty: false,
        });
      }
    });

    test('the last-day counters equal the mart row of yesterday', async () => {
      const { rows: mart } = await db().query(
        `select revenue, orders, sessions, dau
       from mart.daily_metrics
       where dt = $1::date`,
        [utcDay(-1)],
      );
      const { rows } = await runner.run('po_last_day');
      expect(mart).toHaveLength(1);
      expect(rows[0]).toMatchObject(mart[0] ?? {});
    });

    test('the snapshot counters equal the newest status snapshot', async () => {
      const { rows: newest } = await db().query(
        `select events_last_10m, freshness_lag_seconds
       from dq.status_snapshots
       order by check_ts desc
       limit 1`,
      );
      const { rows } = await runner.run('dq_latest_snapshot');
      expect(rows[0]).toMatchObject(newest[0] ?? { missing: true });
    });
  },
);
