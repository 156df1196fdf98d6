/** The live stream's last tick, kept in generator.tick_state. */
import { typed, type Queryable } from '../db/database';

/** Advisory lock held by a tick, so two firings never write one window. */
export const GENERATOR_LOCK_KEY = 7_310_010;

const STREAM = 'live';

/** The last tick's end, locking the row until the transaction ends. */
export async function readLastTick(tx: Queryable): Promise<Date | null> {
  const { rows } = await tx.query<{ last_tick_at: Date }>(
    `select
        last_tick_at as last_tick_at
    from generator.tick_state
    where stream_name = $1
    for update`,
    [STREAM],
  );
  return rows[0]?.last_tick_at ?? null;
}

/** Moves the last tick forward to `at`; never back. */
export async function saveLastTick(tx: Queryable, at: Date): Promise<void> {
  await tx.query(
    `insert into generator.tick_state as state (
        stream_name,
        last_tick_at
    )
    values ($1, $2)
    on conflict (stream_name) do update set
        last_tick_at = greatest(state.last_tick_at, excluded.last_tick_at),
        updated_at = now()`,
    [STREAM, typed('timestamptz', at)],
  );
}

export async function databaseNow(db: Queryable): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('select now() as now');
  return rows[0]!.now;
}

/** Planned arrivals of a day already in raw: (from, through], from null = start. */
export interface DayCoverage {
  readonly from: Date | null;
  readonly through: Date;
}

/**
 * The day's coverage, locking its row until the transaction ends. The row
 * is made first if missing, so a second writer of the same day waits for
 * this transaction instead of reading "nothing written" too.
 */
export async function readCoverage(
  tx: Queryable,
  day: string,
): Promise<DayCoverage | null> {
  await tx.query(
    `insert into generator.day_coverage (day)
    values ($1::date)
    on conflict (day) do nothing`,
    [day],
  );
  const { rows } = await tx.query<{ from: Date | null; through: Date | null }>(
    `select
        written_from as "from",
        written_through as through
    from generator.day_coverage
    where day = $1::date
    for update`,
    [day],
  );
  const row = rows[0];
  return row?.through ? { from: row.from, through: row.through } : null;
}

/**
 * Extends the day's coverage by the arrivals just written, (from,
 * through]; a null `from` covers the day from its start.
 */
export async function extendCoverage(
  tx: Queryable,
  day: string,
  from: Date | null,
  through: Date,
): Promise<void> {
  await tx.query(
    `insert into generator.day_coverage as c (
        day,
        written_from,
        written_through
    )
    values ($1::date, $2, $3)
    on conflict (day) do update set
        written_from = case
            when c.written_through is null then excluded.written_from
            when c.written_from is null or excluded.written_from is null
                then null
            else least(c.written_from, excluded.written_from)
        end,
        written_through = greatest(c.written_through, excluded.written_through),
        updated_at = now()`,
    [day, typed('timestamptz', from), typed('timestamptz', through)],
  );
}

export interface PendingBackfill {
  readonly backfillId: number;
  readonly seed: number;
  readonly days: number;
  readonly until: Date;
}

/** The newest backfill that never finished (a crash, a kill), if any. */
export async function unfinishedBackfill(
  db: Queryable,
): Promise<PendingBackfill | null> {
  const { rows } = await db.query<PendingBackfill>(
    `select
        backfill_id as "backfillId",
        seed,
        days,
        until
    from generator.backfills
    where finished_at is null
    order by backfill_id desc
    limit 1`,
  );
  return rows[0] ?? null;
}
