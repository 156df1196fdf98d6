/**
 * Writing generated events to raw.events in bulk: live ticks' events a
 * batch at a time; a backfill's CSV days go through copyCsv (backfill.ts).
 */
import type { Queryable } from '../db/database';
import type { RawEventInput } from './types';

export const RAW_TABLE = 'raw.events';

export const RAW_COLUMNS = [
  'event_id',
  'event_time',
  'user_id',
  'session_id',
  'event_name',
  'item_id',
  'price',
  'currency',
  'platform',
  'region',
  'source',
  'experiment_id',
  'payload',
  'ingested_at',
] as const satisfies readonly (keyof RawEventInput)[];

/**
 * Rows per insertRows call. Each call is one COPY, and the server idles
 * while a new one starts, so a batch is large (a live tick is one COPY),
 * yet its row arrays stay a few MB. A backfill's days are CSV already
 * and go as one COPY each (backfill.ts).
 */
export const BATCH_ROWS = 25_000;

/** Appends `rows` in order, BATCH_ROWS at a time, as `toValues` makes them. */
async function writeInBatches<T>(
  target: Queryable,
  rows: readonly T[],
  toValues: (row: T) => unknown[],
): Promise<number> {
  let written = 0;
  for (let at = 0; at < rows.length; at += BATCH_ROWS) {
    const batch = rows.slice(at, at + BATCH_ROWS).map(toValues);
    written += await target.insertRows(RAW_TABLE, RAW_COLUMNS, batch);
  }
  return written;
}

/**
 * Appends `events` in order, so `id` follows arrival; `ingestedAt`
 * replaces each row's planned arrival (a live tick writes its own now).
 */
export function writeEvents(
  target: Queryable,
  events: readonly RawEventInput[],
  ingestedAt?: Date,
): Promise<number> {
  return writeInBatches(target, events, (event) =>
    RAW_COLUMNS.map((column) =>
      column === 'ingested_at' && ingestedAt ? ingestedAt : event[column],
    ),
  );
}
