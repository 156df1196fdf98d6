/**
 * The ingest ceiling: the history's rows exported once as CSV, then loaded
 * with a plain COPY into a fresh table shaped like raw.events (same
 * columns, identity and indexes), timed per load.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

import type { Database } from '../src/db/database';
import { PgDatabase } from '../src/db/pg-driver';
import { PGliteDatabase } from '../src/db/pglite-driver';
import { RAW_COLUMNS } from '../src/generator/index';

const COLUMNS = RAW_COLUMNS.join(', ');
const TARGET = 'bench_copy.events';

const EXPORT_SQL = `copy (
    select ${COLUMNS}
    from raw.events
    order by id
) to stdout with (format csv)`;

function engineOf(db: Database): PgDatabase | PGliteDatabase {
  if (db instanceof PgDatabase || db instanceof PGliteDatabase) return db;
  throw new Error(
    `COPY ceiling needs PostgreSQL or PGlite, not ${db.description}`,
  );
}

/** Writes raw.events (without id) to `file` as CSV. */
export async function exportHistory(db: Database, file: string): Promise<void> {
  const engine = engineOf(db);
  if (engine instanceof PgDatabase) {
    const client = await engine.pool.connect();
    try {
      await pipeline(client.query(copyTo(EXPORT_SQL)), createWriteStream(file));
    } finally {
      client.release();
    }
    return;
  }
  const result = await engine.exclusive((pglite) =>
    pglite.query(EXPORT_SQL.replace('stdout', "'/dev/blob'")),
  );
  if (!result.blob) throw new Error('PGlite returned no COPY output');
  await writeFile(file, Buffer.from(await result.blob.arrayBuffer()));
}

async function freshTarget(db: Database): Promise<void> {
  await db.exec(`
    create schema if not exists bench_copy;
    drop table if exists ${TARGET};
    create table ${TARGET} (like raw.events including all);
  `);
}

/** One timed COPY of `file` into a fresh table; returns milliseconds. */
export async function copyOnce(db: Database, file: string): Promise<number> {
  const engine = engineOf(db);
  await freshTarget(db);
  const sql = `copy ${TARGET} (${COLUMNS}) from stdin with (format csv)`;
  let ms: number;
  if (engine instanceof PgDatabase) {
    const client = await engine.pool.connect();
    try {
      const started = performance.now();
      await pipeline(createReadStream(file), client.query(copyFrom(sql)));
      ms = performance.now() - started;
    } finally {
      client.release();
    }
  } else {
    const started = performance.now();
    const blob = await openAsBlob(file);
    await engine.exclusive((pglite) =>
      pglite.query(sql.replace('stdin', "'/dev/blob'"), [], { blob }),
    );
    ms = performance.now() - started;
  }
  await db.exec(`drop table ${TARGET}`);
  return ms;
}
