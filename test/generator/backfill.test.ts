import type { Database } from '../../src/db/database';
import {
  arrivedBy,
  backfill,
  expectedDqDaily,
  generateDay,
  type BackfillProgress,
  type LedgerEntry,
} from '../../src/generator/index';
import { describeEachEngine, truncateAll } from '../support/engines';

const SEED = 2026;
const NOW = new Date('2026-05-21T06:30:00.000Z');
const CONFIG = { eventsPerDay: 1_500 };
const ACCEPTED = `('view', 'click', 'add_to_cart', 'purchase', 'signup')`;

/**
 * Each row fault as raw shows it, found by SQL on raw values alone: what a
 * ledger entry claims must be visible in the row, and nothing more.
 */
const FAULTS_IN_RAW = `
    with raw_rows as (
        select
            *,
            row_number() over (partition by event_id order by id) as copy_no
        from raw.events
    ),

    faults as (
        select 'missing_required' as kind, *
        from raw_rows
        where event_id is null
            or event_time is null
            or user_id is null
            or event_name is null
        union all
        select 'invalid_event_name' as kind, *
        from raw_rows
        where lower(trim(event_name)) not in ${ACCEPTED}
        union all
        select 'normalisable_event_name' as kind, *
        from raw_rows
        where event_name <> lower(trim(event_name))
            and lower(trim(event_name)) in ${ACCEPTED}
        union all
        select 'normalisable_dimension' as kind, *
        from raw_rows
        where (trim(platform) <> '' and platform <> lower(trim(platform)))
            or (trim(region) <> '' and region <> lower(trim(region)))
            or (trim(source) <> '' and source <> lower(trim(source)))
        union all
        select 'negative_price' as kind, *
        from raw_rows
        where price < 0
        union all
        select 'purchase_without_price' as kind, *
        from raw_rows
        where event_name = 'purchase' and price is null
        union all
        select 'unknown_platform' as kind, *
        from raw_rows
        where coalesce(trim(platform), '') = ''
        union all
        select 'unknown_region' as kind, *
        from raw_rows
        where coalesce(trim(region), '') = ''
        union all
        select 'unknown_source' as kind, *
        from raw_rows
        where coalesce(trim(source), '') = ''
        union all
        select 'duplicate' as kind, *
        from raw_rows
        where event_id is not null and copy_no > 1
        union all
        select 'late' as kind, *
        from raw_rows
        where ingested_at - event_time > interval '30 minutes'
        union all
        select 'future_event_time' as kind, *
        from raw_rows
        where event_time > ingested_at + interval '5 minutes'
    )

    select
        kind as kind,
        event_id as event_id,
        ingested_at as ingested_at,
        (coalesce(event_time, ingested_at) at time zone 'UTC')::date as day
    from faults
`;

/** dq.dq_daily's counters as SPEC.md defines them, straight from raw. */
const SPEC_DQ_DAILY = `
    with flagged as (
        select
            *,
            (
                event_id is null
                or event_time is null
                or user_id is null
                or event_name is null
            ) as is_rejected
        from raw.events
    ),

    ranked as (
        select
            *,
            row_number() over (partition by event_id order by id) as copy_no
        from flagged
        where not is_rejected
    ),

    stg as (
        select
            (event_time at time zone 'UTC')::date as dt,
            lower(trim(event_name)) as event_name,
            coalesce(nullif(lower(trim(platform)), ''), 'unknown') as platform,
            coalesce(nullif(lower(trim(region)), ''), 'unknown') as region,
            coalesce(nullif(lower(trim(source)), ''), 'unknown') as source,
            price as raw_price,
            event_time as event_time,
            ingested_at as ingested_at
        from ranked
        where copy_no = 1
    ),

    raw_counts as (
        select
            (coalesce(event_time, ingested_at) at time zone 'UTC')::date as dt,
            count(*) as rows_total,
            count(*) filter (where is_rejected) as rejected_cnt
        from flagged
        group by 1
    ),

    duplicate_counts as (
        select
            (event_time at time zone 'UTC')::date as dt,
            count(*) as duplicate_cnt
        from ranked
        where copy_no > 1
        group by 1
    ),

    check_counts as (
        select
            dt,
            count(*) filter (
                where event_name not in ${ACCEPTED}
            ) as invalid_event_name_cnt,
            count(*) filter (where raw_price < 0) as negative_price_cnt,
            count(*) filter (
                where event_name = 'purchase' and raw_price is null
            ) as purchase_without_price_cnt,
            count(*) filter (
                where platform not in ('web', 'ios', 'android')
            ) as unknown_platform_cnt,
            count(*) filter (where region = 'unknown') as unknown_region_cnt,
            count(*) filter (
                where source not in ('organic', 'ads', 'referral')
            ) as unknown_source_cnt,
            count(*) filter (
                where event_time > ingested_at + interval '5 minutes'
            ) as future_event_time_cnt
        from stg
        group by dt
    )

    select
        raw_counts.dt as dt,
        raw_counts.rows_total as rows_total,
        raw_counts.rejected_cnt as rejected_cnt,
        coalesce(duplicate_counts.duplicate_cnt, 0) as duplicate_cnt,
        coalesce(c.invalid_event_name_cnt, 0) as invalid_event_name_cnt,
        coalesce(c.negative_price_cnt, 0) as negative_price_cnt,
        coalesce(c.purchase_without_price_cnt, 0)
            as purchase_without_price_cnt,
        coalesce(c.unknown_platform_cnt, 0) as unknown_platform_cnt,
        coalesce(c.unknown_region_cnt, 0) as unknown_region_cnt,
        coalesce(c.unknown_source_cnt, 0) as unknown_source_cnt,
        coalesce(c.future_event_time_cnt, 0) as future_event_time_cnt
    from raw_counts
    left join duplicate_counts
        on raw_counts.dt = duplicate_counts.dt
    left join check_counts as c
        on raw_counts.dt = c.dt
`;

const entryKey = (kind: string, id: unknown, at: string, day: string) =>
  `${day} ${kind} ${id} ${at}`;

async function rawFaultKeys(db: Database): Promise<string[]> {
  const { rows } = await db.query<{
    kind: string;
    event_id: string | null;
    ingested_at: Date;
    day: string;
  }>(FAULTS_IN_RAW);
  return rows
    .map((r) =>
      entryKey(r.kind, r.event_id, r.ingested_at.toISOString(), r.day),
    )
    .sort();
}

function ledgerKeys(ledger: readonly LedgerEntry[]): string[] {
  return ledger
    .filter((entry) => entry.details.ingested_at !== undefined)
    .map((e) =>
      entryKey(e.kind, e.event_id, String(e.details.ingested_at), e.day),
    )
    .sort();
}

describeEachEngine('backfill', ({ db }) => {
  let progress: BackfillProgress[];
  let expectedLedger: LedgerEntry[];

  beforeAll(async () => {
    await truncateAll(db());
    progress = [];
    await backfill(db(), {
      seed: SEED,
      days: 1,
      now: NOW,
      config: CONFIG,
      onProgress: (p) => progress.push(p),
    });
    expectedLedger = ['2026-05-20', '2026-05-21'].flatMap(
      (day) =>
        arrivedBy(generateDay({ seed: SEED, day, config: CONFIG }), NOW).ledger,
    );
  });

  test('writes the day before today and today up to now, in arrival order', async () => {
    const expected = ['2026-05-20', '2026-05-21'].flatMap(
      (day) =>
        arrivedBy(generateDay({ seed: SEED, day, config: CONFIG }), NOW).events,
    );
    const { rows } = await db().query(
      `select
          event_id, event_time, user_id, session_id, event_name, item_id,
          price, currency, platform, region, source, experiment_id, payload,
          ingested_at
      from raw.events
      order by id`,
    );
    expect(rows).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1_500);
  });

  test('writes nothing that would arrive after now', async () => {
    const { rows } = await db().query<{ latest: Date; earliest: Date }>(
      `select
          max(ingested_at) as latest,
          min(ingested_at) as earliest
      from raw.events`,
    );
    expect(rows[0]!.latest.getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(rows[0]!.earliest.toISOString() >= '2026-05-20').toBe(true);
  });

  test('the ledger equals the faults found in raw, row for row and day by day', async () => {
    const fromRaw = await rawFaultKeys(db());
    expect(fromRaw).toEqual(ledgerKeys(expectedLedger));
    const kinds = new Set(expectedLedger.map((entry) => entry.kind));
    expect(kinds.size).toBe(12);
  });

  test('the ledger gives every dq_daily counter of the spec exactly', async () => {
    const written = ['2026-05-20', '2026-05-21'].map((day) =>
      arrivedBy(generateDay({ seed: SEED, day, config: CONFIG }), NOW),
    );
    const { rows } =
      await db().query<Record<string, number | string>>(SPEC_DQ_DAILY);
    const fromRaw = Object.fromEntries(
      rows.map(({ dt, ...counters }) => [dt, counters]),
    );
    const expected = expectedDqDaily(written);
    expect(fromRaw).toEqual(expected);
    expect(expected['2026-05-20']!.negative_price_cnt).toBeGreaterThan(0);
  });

  test('reports progress once per day', () => {
    expect(progress.map((p) => [p.day, p.daysDone, p.daysTotal])).toEqual([
      ['2026-05-20', 1, 2],
      ['2026-05-21', 2, 2],
    ]);
    expect(progress[1]!.rowsWritten).toBe(
      progress[0]!.dayRows + progress[1]!.dayRows,
    );
  });

  test('leaves the live tick to continue from now', async () => {
    const { rows } = await db().query<{ last_tick_at: Date }>(
      'select last_tick_at from generator.tick_state',
    );
    expect(rows).toEqual([{ last_tick_at: NOW }]);
  });
});
