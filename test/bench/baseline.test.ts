import { randomUUID } from 'node:crypto';

import {
  runBaseline,
  setupBaseline,
  splitStatements,
} from '../../bench/baseline';
import type { Database } from '../../src/db/database';
import { describeEachEngine } from '../support/engines';

const NOW = new Date('2026-03-10T12:00:00Z');

const COLUMNS = [
  'event_id',
  'event_time',
  'user_id',
  'session_id',
  'event_name',
  'price',
  'platform',
  'region',
  'source',
  'ingested_at',
] as const;

interface Row {
  id?: string | null;
  at: string | null;
  user?: number | null;
  session?: string | null;
  name: string;
  price?: string | null;
  platform?: string | null;
  region?: string | null;
  source?: string | null;
  ingested?: string;
}

const ids = Object.fromEntries(
  Array.from({ length: 14 }, (_, i) => [`e${i + 1}`, randomUUID()]),
);

/** Hand-made raw rows; the expected figures below are counted by hand. */
const RAW: Row[] = [
  {
    id: 'e1',
    at: '2026-03-09T10:00:00Z',
    user: 1,
    session: 's1',
    name: 'view',
  },
  {
    id: 'e2',
    at: '2026-03-09T10:01:00Z',
    user: 1,
    session: 's1',
    name: 'click',
  },
  {
    id: 'e3',
    at: '2026-03-09T10:02:00Z',
    user: 2,
    session: 's2',
    name: ' View ',
    platform: ' WEB ',
    region: '',
    source: null,
  },
  {
    id: 'e4',
    at: '2026-03-09T10:03:00Z',
    user: 2,
    session: 's2',
    name: 'purchase',
    price: '100.50',
  },
  {
    id: 'e4',
    at: '2026-03-09T10:03:00Z',
    user: 2,
    session: 's2',
    name: 'purchase',
    price: '100.50',
  },
  {
    id: 'e5',
    at: '2026-03-09T10:04:00Z',
    user: 1,
    session: 's1',
    name: 'purchase',
    price: '-5.00',
  },
  {
    id: 'e6',
    at: '2026-03-09T10:05:00Z',
    user: 3,
    session: '  ',
    name: 'purchase',
  },
  {
    id: null,
    at: '2026-03-09T10:06:00Z',
    user: 4,
    session: 's3',
    name: 'view',
  },
  {
    id: 'e7',
    at: '2026-03-09T10:07:00Z',
    user: 5,
    session: 's5',
    name: 'bogus',
  },
  {
    id: 'e8',
    at: '2026-03-09T10:08:00Z',
    user: 3,
    session: 's4',
    name: 'add_to_cart',
    platform: 'tv',
  },
  {
    id: 'e13',
    at: '2026-03-09T10:09:00Z',
    user: null,
    session: 's9',
    name: 'click',
  },
  {
    id: 'e13',
    at: '2026-03-09T10:09:00Z',
    user: 8,
    session: 's9',
    name: 'click',
  },
  {
    id: 'e9',
    at: '2026-03-10T11:55:00Z',
    user: 1,
    session: 's6',
    name: 'view',
  },
  {
    id: 'e10',
    at: '2026-03-10T11:58:00Z',
    user: 6,
    session: 's7',
    name: 'signup',
    ingested: '2026-03-10T11:58:30Z',
  },
  {
    id: 'e11',
    at: '2026-03-10T12:30:00Z',
    user: 6,
    session: 's7',
    name: 'view',
    ingested: '2026-03-10T11:59:00Z',
  },
  {
    id: 'e12',
    at: null,
    user: 6,
    session: 's7',
    name: 'view',
    ingested: '2026-03-10T11:59:00Z',
  },
  {
    id: 'e1',
    at: '2026-03-09T10:00:00Z',
    user: 1,
    session: 's1',
    name: 'view',
    ingested: '2026-03-10T11:57:00Z',
  },
  {
    id: 'e14',
    at: '2026-02-01T10:00:00Z',
    user: 7,
    session: 's8',
    name: 'view',
  },
];

function toRawRow(row: Row): unknown[] {
  const at = row.at === null ? null : new Date(row.at);
  const ingested = row.ingested
    ? new Date(row.ingested)
    : new Date((at as Date).getTime() + 1_000);
  return [
    row.id === null || row.id === undefined ? null : ids[row.id],
    at,
    row.user === undefined ? 1 : row.user,
    row.session ?? null,
    row.name,
    row.price ?? null,
    row.platform === undefined ? 'web' : row.platform,
    row.region === undefined ? 'msk' : row.region,
    row.source === undefined ? 'organic' : row.source,
    ingested,
  ];
}

async function table(db: Database, name: string) {
  const { rows } = await db.query(`select * from baseline.${name} order by 1`);
  return rows.map(({ updated_at: _updated, ...rest }) => rest);
}

describe('splitStatements', () => {
  it('splits at semicolons that end a line and drops comment-only parts', () => {
    const sql =
      '-- header\ndelete from t;\n\ninsert into t\nselect 1;\n-- end\n';

    expect(splitStatements(sql)).toEqual([
      '-- header\ndelete from t',
      'insert into t\nselect 1',
    ]);
  });
});

describeEachEngine('the original design re-created', ({ db }) => {
  beforeAll(async () => {
    await db().insertRows('raw.events', COLUMNS, RAW.map(toRawRow));
    await setupBaseline(db());
    await runBaseline(db(), NOW);
    // A second run rebuilds the same 30 days instead of adding to them.
    await setupBaseline(db());
    await runBaseline(db(), NOW);
  });

  it('counts daily metrics over deduplicated accepted events of the last 30 days', async () => {
    expect(await table(db(), 'daily_metrics')).toEqual([
      {
        dt: '2026-03-09',
        dau: 4,
        sessions: 4,
        orders: 3,
        revenue: '100.50',
        conversion_rate: '0.7500000000',
        purchasers: 3,
        user_conversion_rate: '0.7500000000',
      },
      {
        dt: '2026-03-10',
        dau: 2,
        sessions: 2,
        orders: 0,
        revenue: '0.00',
        conversion_rate: '0.0000000000',
        purchasers: 0,
        user_conversion_rate: '0.0000000000',
      },
    ]);
  });

  it('counts funnel step users per day', async () => {
    expect(await table(db(), 'funnel_daily')).toEqual([
      {
        dt: '2026-03-09',
        users_view: 2,
        users_click: 2,
        users_cart: 1,
        users_purchase: 3,
        view_to_click: '1.0000000000',
        click_to_cart: '0.5000000000',
        cart_to_purchase: '3.0000000000',
      },
      {
        dt: '2026-03-10',
        users_view: 2,
        users_click: 0,
        users_cart: 0,
        users_purchase: 0,
        view_to_click: '0.0000000000',
        click_to_cart: '0.0000000000',
        cart_to_purchase: '0.0000000000',
      },
    ]);
  });

  it('counts every raw row of the window days as stg, duplicate or rejected', async () => {
    expect(await table(db(), 'dq_daily')).toEqual([
      {
        dt: '2026-03-09',
        rows_total: 13,
        rejected_cnt: 2,
        duplicate_cnt: 2,
        stg_rows: 9,
        invalid_event_name_cnt: 1,
        negative_price_cnt: 1,
        purchase_without_price_cnt: 1,
        unknown_platform_cnt: 1,
        unknown_source_cnt: 1,
        unknown_region_cnt: 1,
        future_event_time_cnt: 0,
      },
      {
        dt: '2026-03-10',
        rows_total: 4,
        rejected_cnt: 1,
        duplicate_cnt: 0,
        stg_rows: 3,
        invalid_event_name_cnt: 0,
        negative_price_cnt: 0,
        purchase_without_price_cnt: 0,
        unknown_platform_cnt: 0,
        unknown_source_cnt: 0,
        unknown_region_cnt: 0,
        future_event_time_cnt: 1,
      },
    ]);
  });

  it('appends one status snapshot per run for the 10 minutes before the clock', async () => {
    const { rows } = await db().query(
      'select * from baseline.status_snapshots order by check_ts',
    );

    const snapshot = {
      check_ts: NOW,
      events_last_10m: 5,
      stg_rows: 3,
      invalid_event_name_cnt: 0,
      negative_price_cnt: 0,
      purchase_without_price_cnt: 0,
      unknown_platform_cnt: 0,
      unknown_source_cnt: 0,
      unknown_region_cnt: 0,
      future_event_time_cnt: 1,
      freshness_lag_seconds: '60.000',
      overall_pass: true,
    };
    expect(rows).toEqual([snapshot, snapshot]);
  });
});
