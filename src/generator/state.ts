/** The live stream's last tick, kept in generator.tick_state. */
import { typed, type Queryable } from '../db/database';
import { runSqlStatement } from '../sql-files';

/** Advisory lock held by a tick, so two firings never write one window. */
export const GENERATOR_LOCK_KEY = 7_310_010;

const STREAM = 'live';

/** The last tick's end, locking the row until the transaction ends. */
export async function readLastTick(tx: Queryable): Promise<Date | null> {
  const { rows } = await runSqlStatement<{ last_tick_at: Date }>(
    tx,
    'generator/tick_state_read.sql',
    [STREAM],
  );
  return rows[0]?.last_tick_at ?? null;
}

/** Moves the last tick forward to `at`; never back. */
export async function saveLastTick(tx: Queryable, at: Date): Promise<void> {
  await runSqlStatement(tx, 'generator/tick_state_save.sql', [
    STREAM,
    typed('timestamptz', at),
  ]);
}

export async function databaseNow(db: Queryable): Promise<Date> {
  const { rows } = await runSqlStatement<{ now: Date }>(
    db,
    'generator/database_now.sql',
  );
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
  await runSqlStatement(tx, 'generator/day_coverage_ensure.sql', [day]);
  const { rows } = await runSqlStatement<{
    from: Date | null;
    through: Date | null;
  }>(tx, 'generator/day_coverage_read.sql', [day]);
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
  await runSqlStatement(tx, 'generator/day_coverage_extend.sql', [
    day,
    typed('timestamptz', from),
    typed('timestamptz', through),
  ]);
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
  const { rows } = await runSqlStatement<PendingBackfill>(
    db,
    'generator/backfill_unfinished.sql',
  );
  return rows[0] ?? null;
}
