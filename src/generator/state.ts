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
