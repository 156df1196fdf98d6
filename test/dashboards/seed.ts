/**
 * Known mart and dq rows, dated relative to the current UTC day, for the
 * dashboard tests. The expected figures below are written out by hand from
 * these rows, not computed by the code under test.
 */
import { typed, type Database } from '../../src/db/database';
import { seedMonitoring } from '../quality/dashboard-seed';

const DAY_MS = 86_400_000;

export function utcDay(offsetDays: number, now = new Date()): string {
  const midnight = Date.UTC(
    now.getUTCFullYear(),
    now.getUTCMonth(),
    now.getUTCDate(),
  );
  return new Date(midnight + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

interface MetricsRow {
  readonly offset: number;
  readonly dau: number;
  readonly sessions: number;
  readonly orders: number;
  readonly revenue: string;
  readonly conversion: string;
  readonly purchasers: number;
  readonly userConversion: string;
}

/** offset 0 is today (partial), -1 the last complete day. */
export const METRICS: readonly MetricsRow[] = [
  {
    offset: -3,
    dau: 900,
    sessions: 1000,
    orders: 40,
    revenue: '10000.00',
    conversion: '0.04',
    purchasers: 36,
    userConversion: '0.04',
  },
  {
    offset: -2,
    dau: 1000,
    sessions: 1200,
    orders: 60,
    revenue: '12345.67',
    conversion: '0.05',
    purchasers: 50,
    userConversion: '0.05',
  },
  {
    offset: -1,
    dau: 1100,
    sessions: 1300,
    orders: 52,
    revenue: '13579.24',
    conversion: '0.04',
    purchasers: 44,
    userConversion: '0.04',
  },
  {
    offset: 0,
    dau: 400,
    sessions: 500,
    orders: 20,
    revenue: '4800.50',
    conversion: '0.04',
    purchasers: 16,
    userConversion: '0.04',
  },
];

/** view, click, cart, purchase users per day offset. */
export const FUNNEL: Readonly<Record<number, readonly number[]>> = {
  [-3]: [800, 400, 100, 36],
  [-2]: [900, 450, 180, 50],
  [-1]: [1000, 500, 200, 44],
  [0]: [380, 190, 60, 16],
};

const CHECKS = [
  'invalid_event_name_cnt',
  'negative_price_cnt',
  'purchase_without_price_cnt',
  'unknown_platform_cnt',
  'unknown_source_cnt',
  'unknown_region_cnt',
  'future_event_time_cnt',
] as const;

interface DqDay {
  readonly offset: number;
  readonly rowsTotal: number;
  readonly rejected: number;
  readonly duplicates: number;
  readonly checks: readonly number[];
  readonly pass: boolean;
}

/** offset 1 is tomorrow: future-dated events make such a row. */
export const DQ_DAYS: readonly DqDay[] = [
  {
    offset: -2,
    rowsTotal: 20000,
    rejected: 30,
    duplicates: 40,
    checks: [1, 2, 3, 4, 5, 6, 7],
    pass: true,
  },
  {
    offset: -1,
    rowsTotal: 21000,
    rejected: 31,
    duplicates: 41,
    checks: [2, 3, 4, 5, 6, 7, 8],
    pass: true,
  },
  {
    offset: 0,
    rowsTotal: 9000,
    rejected: 12,
    duplicates: 17,
    checks: [0, 9, 1, 2, 3, 4, 5],
    pass: false,
  },
  {
    offset: 1,
    rowsTotal: 3,
    rejected: 0,
    duplicates: 0,
    checks: [0, 0, 0, 0, 0, 0, 3],
    pass: false,
  },
];

export const NEWEST_SNAPSHOT = {
  eventsLast10m: 1234,
  freshnessLagSeconds: '42.500',
  overallPass: false,
  failedChecks: ['negative_price_cnt', 'future_event_time_cnt'],
};

export async function seedDashboards(db: Database, now = new Date()) {
  for (const row of METRICS) {
    const dt = utcDay(row.offset, now);
    await db.query(
      `insert into mart.daily_metrics (
          dt, dau, sessions, orders, revenue, conversion_rate, purchasers,
          user_conversion_rate, updated_run_id, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 3, $9)`,
      [
        typed('date', dt),
        row.dau,
        row.sessions,
        row.orders,
        typed('numeric', row.revenue),
        typed('numeric', row.conversion),
        row.purchasers,
        typed('numeric', row.userConversion),
        // Today's row was computed at noon: half of the day had passed.
        typed('timestamptz', `${dt}T12:00:00Z`),
      ],
    );
    const [view = 0, click = 0, cart = 0, purchase = 0] =
      FUNNEL[row.offset] ?? [];
    await db.query(
      `insert into mart.funnel_daily (
          dt, users_view, users_click, users_cart, users_purchase,
          view_to_click, click_to_cart, cart_to_purchase, updated_run_id,
          updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 3, now())`,
      [
        typed('date', dt),
        view,
        click,
        cart,
        purchase,
        typed('numeric', String(click / view)),
        typed('numeric', String(cart / click)),
        typed('numeric', String(purchase / cart)),
      ],
    );
  }

  for (const day of DQ_DAYS) {
    await db.query(
      `insert into dq.dq_daily (
          dt, rows_total, rejected_cnt, duplicate_cnt, stg_rows,
          ${CHECKS.join(', ')},
          day_pass, failed_checks, updated_run_id, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
          3, now())`,
      [
        typed('date', utcDay(day.offset, now)),
        day.rowsTotal,
        day.rejected,
        day.duplicates,
        day.rowsTotal - day.rejected - day.duplicates,
        ...day.checks,
        day.pass,
        typed('jsonb', day.pass ? [] : ['negative_price_cnt']),
      ],
    );
  }

  for (const runId of [1, 2, 3]) {
    const newest = runId === 3;
    const checkTs = new Date(now.getTime() - (3 - runId) * 300_000);
    await db.query(
      `insert into dq.status_snapshots (
          run_id, check_ts, window_start, window_end, events_last_10m,
          stg_rows, ${CHECKS.join(', ')}, freshness_lag_seconds,
          raw_freshness_lag_seconds, backlog_rows, schema_test_failures,
          overall_pass, failed_checks)
       values ($1, $2, $3, $2, $4, $5, 0, $6, 0, 0, 0, 0, 1, $7, $7, 0, $8,
          $9, $10)`,
      [
        runId,
        typed('timestamptz', checkTs),
        typed('timestamptz', new Date(checkTs.getTime() - 600_000)),
        newest ? NEWEST_SNAPSHOT.eventsLast10m : 1000 + runId,
        newest ? 1200 : 990,
        newest ? 4 : 0,
        typed(
          'numeric',
          newest ? NEWEST_SNAPSHOT.freshnessLagSeconds : '5.000',
        ),
        newest ? 1 : 0,
        !newest,
        typed('jsonb', newest ? NEWEST_SNAPSHOT.failedChecks : []),
      ],
    );
    await db.query(
      `insert into dq.transform_runs (
          run_id, started_at, finished_at, status, rows_read,
          watermark_from, watermark_to, duration_ms, steps)
       values ($1, $2, $3, 'ok', $4, $5, $6, 850, $7)`,
      [
        runId,
        typed('timestamptz', new Date(checkTs.getTime() - 1000)),
        typed('timestamptz', checkTs),
        500 * runId,
        (runId - 1) * 500,
        runId * 500,
        typed('jsonb', [{ step: 'mart/daily_metrics', duration_ms: 100 }]),
      ],
    );
  }

  for (const runId of [2, 3]) {
    for (const [name, passed, failures] of [
      ['mart.daily_metrics revenue >= 0', true, 0],
      ['stg.stg_events event_id unique', runId !== 3, runId === 3 ? 2 : 0],
    ] as const) {
      await db.query(
        `insert into dq.test_results (
            run_id, test_name, model, column_name, test_kind, severity,
            failures, passed, tested_at)
         values ($1, $2, $3, null, 'expression', 'error', $4, $5, now())`,
        [runId, name, name.split(' ')[0] ?? '', failures, passed],
      );
    }
  }

  await seedMonitoring(db, now);
}
