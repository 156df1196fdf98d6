/** Clean raw rows for quality tests: one `view` every `stepMs`. */
import { randomUUID } from 'node:crypto';

import type { Database } from '../../src/db/database';

export const LIVE_COLUMNS = [
  'event_id',
  'event_time',
  'user_id',
  'session_id',
  'event_name',
  'platform',
  'region',
  'source',
  'ingested_at',
] as const;

/** Inserts rows ingested at from, from + stepMs, ... before `toMs`. */
export async function insertLiveRows(
  db: Database,
  fromMs: number,
  toMs: number,
  stepMs = 10_000,
): Promise<number> {
  const rows: unknown[][] = [];
  for (let t = fromMs; t < toMs; t += stepMs) {
    const n = rows.length;
    rows.push([
      randomUUID(),
      new Date(t - 1000),
      (n % 40) + 1,
      `s${n % 15}`,
      'view',
      'web',
      'msk',
      'organic',
      new Date(t),
    ]);
  }
  return db.insertRows('raw.events', LIVE_COLUMNS, rows);
}

/** Counted history straight into dq.volume_buckets: `count` per bucket. */
export async function insertBucketHistory(
  db: Database,
  fromMs: number,
  toMs: number,
  count: number,
): Promise<void> {
  const rows: unknown[][] = [];
  for (let t = fromMs; t < toMs; t += 5 * 60_000)
    rows.push([new Date(t), count]);
  await db.insertRows(
    'dq.volume_buckets',
    ['bucket_start', 'events_cnt'],
    rows,
  );
}
