/** Writing generated events to raw.events in bulk, a batch at a time. */
import type { Queryable } from '../db/database';
import type { PackedEvent, RawEventInput } from './types';

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
 * while a new one starts, so a batch is large (a default day is one
 * COPY), yet its row arrays stay a few MB.
 */
export const BATCH_ROWS = 25_000;

/**
 * Appends `events` in order, so `id` follows arrival; `ingestedAt`
 * replaces each row's planned arrival (a live tick writes its own now).
 */
export async function writeEvents(
  target: Queryable,
  events: readonly RawEventInput[],
  ingestedAt?: Date,
): Promise<number> {
  let written = 0;
  for (let at = 0; at < events.length; at += BATCH_ROWS) {
    const batch = events
      .slice(at, at + BATCH_ROWS)
      .map((event) =>
        RAW_COLUMNS.map((column) =>
          column === 'ingested_at' && ingestedAt ? ingestedAt : event[column],
        ),
      );
    written += await target.insertRows(RAW_TABLE, RAW_COLUMNS, batch);
  }
  return written;
}

/** A packed row as insert values: epoch milliseconds become Dates. */
function unpackValues(row: PackedEvent): unknown[] {
  const values: unknown[] = row.slice();
  values[1] = row[1] === null ? null : new Date(row[1]);
  values[13] = new Date(row[13]);
  return values;
}

/** writeEvents for packed rows, which keep RAW_COLUMNS' order. */
export async function writePacked(
  target: Queryable,
  rows: readonly PackedEvent[],
): Promise<number> {
  let written = 0;
  for (let at = 0; at < rows.length; at += BATCH_ROWS) {
    const batch = rows.slice(at, at + BATCH_ROWS).map(unpackValues);
    written += await target.insertRows(RAW_TABLE, RAW_COLUMNS, batch);
  }
  return written;
}
