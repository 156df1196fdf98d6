import { DASHBOARDS, validateDashboardSet } from '../../src/dashboards';
import { typed } from '../../src/db/database';
import { QueryRunner } from '../../src/dashboards/query-runner';
import { describeEachEngine } from '../support/engines';
import { FUNNEL, seedDashboards, utcDay } from './seed';

describe('dashboard definition', () => {
  test('has no dangling reference, duplicate name or overlapping widget', () => {
    expect(validateDashboardSet(DASHBOARDS)).toEqual([]);
  });

  test('every query reads only mart and dq tables', () => {
    for (const query of DASHBOARDS.queries) {
      const tables = [
        ...query.sql.matchAll(/\b(?:from|join)\s+([a-z_][a-z0-9_.]*)/g),
      ]
        .map((match) => match[1] ?? '')
        .filter((name) => name.includes('.'));
      expect(tables.length).toBeGreaterThan(0);
      for (const table of tables) {
        expect(table).toMatch(/^(mart|dq)\./);
      }
    }
  });

  test('every widget of both dashboards sits on the 12-column grid', () => {
    const slugs = DASHBOARDS.dashboards.map((d) => d.slug);
    expect(slugs).toEqual(['product-overview', 'data-quality']);
    for (const dashboard of DASHBOARDS.dashboards) {
      for (const { position } of dashboard.widgets) {
        expect(position.col + position.sizeX).toBeLessThanOrEqual(12);
      }
    }
  });

  test('a widget on another widget is reported', () => {
    const [first] = DASHBOARDS.dashboards;
    if (!first) throw new Error('no dashboards');
    const broken = {
      ...DASHBOARDS,
      dashboards: [
        { ...first, widgets: [...first.widgets, first.widgets[2]!] },
      ],
    };
    expect(validateDashboardSet(broken)).toContain(
      `dashboard product-overview widget ${first.widgets.length} overlaps another widget`,
    );
  });
});

describeEachEngine('dashboard queries on seeded marts', ({ db }) => {
  let runner: QueryRunner;

  beforeAll(async () => {
    await seedDashboards(db());
    runner = new QueryRunner(db(), DASHBOARDS);
  });

  test('every query of the definition runs and returns rows', async () => {
    for (const query of DASHBOARDS.queries) {
      const result = await runner.run(query.key);
      expect({ key: query.key, rows: result.rows.length > 0 }).toEqual({
        key: query.key,
        rows: true,
      });
    }
  });

  test('the last complete day is compared with the day before', async () => {
    const { rows } = await runner.run('po_last_day');
    expect(rows).toEqual([
      {
        dt: utcDay(-1),
        revenue: '13579.24',
        revenue_prev: '12345.67',
        conversion_rate_pct: '4.00',
        conversion_rate_pct_prev: '5.00',
        orders: 52,
        orders_prev: 60,
        sessions: 1300,
        sessions_prev: 1200,
        dau: 1100,
        dau_prev: 1000,
      },
    ]);
  });

  test('without arrival counts, today so far is compared with yesterday scaled to the share of the day passed', async () => {
    const { rows } = await runner.run('po_today');
    // Today's row was computed at 12:00 UTC: yesterday's totals halved.
    expect(rows).toEqual([
      {
        dt: utcDay(0),
        day_share: '0.5000',
        revenue: '4800.50',
        revenue_same_time: '6789.62',
        conversion_rate_pct: '4.00',
        conversion_rate_pct_yesterday: '4.00',
        orders: 20,
        orders_same_time: '26',
        sessions: 500,
        sessions_same_time: '650',
        dau: 400,
        dau_same_time: '550',
      },
    ]);
  });

  test('with arrival counts, yesterday is cut at the same time of day by its traffic curve', async () => {
    // Yesterday's arrivals: 100 + 200 before 12:00 of 1000 in all, so by
    // the time today's row describes (12:00) 30 % of yesterday had arrived.
    const yesterday = utcDay(-1);
    const buckets = [
      ['00:00', 100],
      ['06:00', 200],
      ['12:00', 300],
      ['18:00', 400],
    ] as const;
    for (const [time, count] of buckets) {
      await db().query(
        'insert into dq.volume_buckets (bucket_start, events_cnt) values ($1, $2)',
        [typed('timestamptz', `${yesterday}T${time}:00Z`), count],
      );
    }
    try {
      const { rows } = await runner.run('po_today');
      expect(rows[0]).toMatchObject({
        day_share: '0.3000',
        revenue_same_time: '4073.77',
        orders_same_time: '16',
        sessions_same_time: '390',
        dau_same_time: '330',
      });
    } finally {
      await db().exec('delete from dq.volume_buckets');
    }
  });

  test('the funnel lists the last complete day step by step', async () => {
    const { rows } = await runner.run('po_funnel');
    const [view, click, cart, purchase] = FUNNEL[-1] ?? [];
    expect(rows).toEqual([
      { step_order: 1, step: 'view', users: view },
      { step_order: 2, step: 'click', users: click },
      { step_order: 3, step: 'add to cart', users: cart },
      { step_order: 4, step: 'purchase', users: purchase },
    ]);
  });

  test('the day cards show today, not a future-dated day', async () => {
    const { rows } = await runner.run('dq_day_cards');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dt: utcDay(0),
      rows_total: 9000,
      rows_total_prev: 21000,
      negative_price_cnt: 9,
      negative_price_cnt_prev: 3,
      future_event_time_cnt: 5,
      future_event_time_cnt_prev: 8,
    });
  });

  test('the newest snapshot names its failed checks', async () => {
    const { rows } = await runner.run('dq_latest_snapshot');
    expect(rows).toEqual([
      expect.objectContaining({
        events_last_10m: 1234,
        freshness_lag_seconds: '42.500',
        overall_status: 'fail',
        failed_checks: 'negative_price_cnt, future_event_time_cnt',
      }),
    ]);
  });

  test('the schema tests come from the newest run only, failures first', async () => {
    const { rows } = await runner.run('dq_latest_tests');
    expect(
      rows.map((row) => [row.run_id, row.test_name, row.status, row.failures]),
    ).toEqual([
      [3, 'stg.stg_events event_id unique', 'fail', 2],
      [3, 'mart.daily_metrics revenue >= 0', 'pass', 0],
    ]);
  });

  test('the run log lists the newest run first', async () => {
    const { rows } = await runner.run('dq_run_log');
    expect(rows.map((row) => row.run_id)).toEqual([3, 2, 1]);
  });

  test('an unknown query key is refused without touching the database', async () => {
    await expect(runner.run('select 1')).rejects.toThrow(
      'unknown dashboard query "select 1"',
    );
  });
});
