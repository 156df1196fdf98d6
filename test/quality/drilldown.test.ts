import type { Database } from '../../src/db/database';
import { DEFAULT_SEED, generateDay, RAW_COLUMNS } from '../../src/generator';
import { DRILLDOWN_CHECKS } from '../../src/quality/drilldown';
import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';

const DAY = '2026-02-10';
const generated = generateDay({ seed: DEFAULT_SEED, day: DAY });

/** The ledger kind that marks a row failing each check. */
const LEDGER_KIND: Record<string, string> = {
  rejected: 'missing_required',
  duplicate: 'duplicate',
  invalid_event_name: 'invalid_event_name',
  negative_price: 'negative_price',
  purchase_without_price: 'purchase_without_price',
  unknown_platform: 'unknown_platform',
  unknown_source: 'unknown_source',
  unknown_region: 'unknown_region',
  future_event_time: 'future_event_time',
};

async function load(db: Database, from: number, to: number): Promise<void> {
  const rows = generated.events
    .slice(from, to)
    .map((event) =>
      RAW_COLUMNS.map((column) => event[column as keyof typeof event]),
    );
  await db.insertRows('raw.events', RAW_COLUMNS, rows);
}

interface SampleRow {
  check_name: string;
  raw_id: number;
  event_id: string | null;
  platform: string;
  raw_event_id: string | null;
  raw_platform: string | null;
}

describeEachEngine('drill-down', ({ db }) => {
  beforeAll(async () => {
    // Two runs, so the counts and the sample bound grow across batches.
    const half = Math.floor(generated.events.length / 2);
    await load(db(), 0, half);
    const end = new Date(`${DAY}T23:59:59Z`);
    await runTransform(db(), { now: end, alertChannels: [] });
    await load(db(), half, generated.events.length);
    await runTransform(db(), {
      now: new Date(end.getTime() + 3_600_000),
      alertChannels: [],
    });
  });

  test('every sample is a real raw row that the ledger marks with the fault', async () => {
    const { rows } = await db().query<SampleRow>(`
      select
          s.check_name,
          s.raw_id,
          s.event_id,
          s.platform,
          r.event_id as raw_event_id,
          r.platform as raw_platform
      from dq.drilldown_samples as s
      inner join raw.events as r
          on r.id = s.raw_id
      order by s.check_name, s.raw_id`);
    const ledger = new Set(
      generated.ledger.map((entry) => `${entry.kind}:${entry.event_id}`),
    );

    const checks = new Set(rows.map((row) => row.check_name));
    expect([...checks].sort()).toEqual([...DRILLDOWN_CHECKS].sort());
    for (const row of rows) {
      expect(row.event_id).toBe(row.raw_event_id);
      const normalised = row.raw_platform?.trim().toLowerCase() || 'unknown';
      expect(row.platform).toBe(normalised);
      const kind = LEDGER_KIND[row.check_name];
      if (row.check_name === 'rejected' && row.event_id === null) continue;
      expect(ledger.has(`${kind}:${row.event_id}`)).toBe(true);
    }
  });

  test('samples stay within ten per day and check', async () => {
    const { rows } = await db().query<{ n: number }>(`
      select count(*)::int as n
      from dq.drilldown_samples
      group by dt, check_name`);
    expect(rows.length).toBeGreaterThan(0);
    expect(Math.max(...rows.map((row) => row.n))).toBeLessThanOrEqual(10);
  });

  test('counts by each dimension add up to the daily counters of dq.dq_daily', async () => {
    const { rows } = await db().query<{
      dt: string;
      check_name: string;
      dimension: string;
      drill_cnt: number;
      daily_cnt: number;
    }>(`
      with drill as (
          select
              dt,
              check_name,
              dimension,
              sum(rows_cnt)::int as drill_cnt
          from dq.drilldown
          group by dt, check_name, dimension
      ),

      daily as (
          select
              d.dt,
              c.check_name,
              c.cnt::int as daily_cnt
          from dq.dq_daily as d
          cross join lateral (
              values
              ('rejected', d.rejected_cnt),
              ('duplicate', d.duplicate_cnt),
              ('invalid_event_name', d.invalid_event_name_cnt),
              ('negative_price', d.negative_price_cnt),
              ('purchase_without_price', d.purchase_without_price_cnt),
              ('unknown_platform', d.unknown_platform_cnt),
              ('unknown_source', d.unknown_source_cnt),
              ('unknown_region', d.unknown_region_cnt),
              ('future_event_time', d.future_event_time_cnt)
          ) as c (check_name, cnt)
          where c.cnt > 0
      )

      select
          daily.dt,
          daily.check_name,
          dims.dimension,
          coalesce(drill.drill_cnt, 0) as drill_cnt,
          daily.daily_cnt
      from daily
      cross join (
          values ('platform'), ('source'), ('region')
      ) as dims (dimension)
      left join drill
          on drill.dt = daily.dt
          and drill.check_name = daily.check_name
          and drill.dimension = dims.dimension`);

    expect(rows.length).toBeGreaterThanOrEqual(9 * 3);
    const mismatches = rows.filter((row) => row.drill_cnt !== row.daily_cnt);
    expect(mismatches).toEqual([]);
  });

  test('the top offending platform of unknown_platform is not an accepted one', async () => {
    const { rows } = await db().query<{ dimension_value: string }>(`
      select dimension_value
      from dq.drilldown
      where check_name = 'unknown_platform'
          and dimension = 'platform'
      order by rows_cnt desc, dimension_value
      limit 1`);
    expect(['web', 'ios', 'android']).not.toContain(rows[0]?.dimension_value);
  });

  test('a full refresh rebuilds the same drill-down and volume buckets', async () => {
    const snapshot = async () => ({
      drilldown: (
        await db().query(
          `select dt, check_name, dimension, dimension_value, rows_cnt
           from dq.drilldown
           order by 1, 2, 3, 4`,
        )
      ).rows,
      samples: (
        await db().query(
          `select dt, check_name, raw_id
           from dq.drilldown_samples
           order by 1, 2, 3`,
        )
      ).rows,
      buckets: (
        await db().query(
          'select bucket_start, events_cnt from dq.volume_buckets order by 1',
        )
      ).rows,
    });
    const before = await snapshot();

    const result = await runTransform(db(), {
      now: new Date(`${DAY}T23:59:59Z`),
      fullRefresh: true,
      alertChannels: [],
    });

    expect(result.status).toBe('ok');
    expect(await snapshot()).toEqual(before);
  });
});
