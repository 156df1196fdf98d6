/** Server driver: any PostgreSQL 15+ through node-postgres. */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

import {
  checkCsvRows,
  csvRowCount,
  type CsvRows,
  type Database,
  type LockedResult,
  type QueryResult,
  type Row,
  type SqlParam,
  type Transaction,
} from './database';
import { ConfigError } from './errors';
import { OID, parseInt8, quoteIdent, toCsv, toWireParam } from './values';

const identity = (text: string) => text;

const typeParsers = {
  getTypeParser(oid: number, format?: string) {
    if (oid === OID.int8) return parseInt8;
    if (oid === OID.numeric || oid === OID.date) return identity;
    return pg.types.getTypeParser(oid, format as 'text');
  },
} as pg.CustomTypesConfig;

type Client = pg.Pool | pg.PoolClient;

async function runQuery<R>(
  client: Client,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<QueryResult<R>> {
  const result = await client.query(sql, params.map(toWireParam));
  return {
    rows: result.rows as R[],
    rowCount: result.rowCount ?? result.rows.length,
  };
}

const COPY_CHUNK_ROWS = 2_000;

/** One COPY of CSV chunks, read a few at a time; the rows it loaded. */
async function copyChunks(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  chunks: Iterable<Uint8Array>,
): Promise<number> {
  const columnList = columns.map(quoteIdent).join(', ');
  const sink = client.query(
    copyFrom(
      `copy ${quoteIdent(table)} (${columnList}) from stdin with (format csv)`,
    ),
  );
  await pipeline(Readable.from(chunks, { highWaterMark: 2 }), sink);
  return sink.rowCount;
}

async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  // Each chunk becomes a Buffer at once (the stream would convert it
  // anyway), so the CSV's many small string pieces die young; reading few
  // chunks ahead keeps little of a large load in memory.
  function* chunks() {
    for (let at = 0; at < rows.length; at += COPY_CHUNK_ROWS) {
      yield Buffer.from(toCsv(rows.slice(at, at + COPY_CHUNK_ROWS)));
    }
  }
  await copyChunks(client, table, columns, chunks());
  return rows.length;
}

async function copyCsv(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  parts: readonly CsvRows[],
): Promise<number> {
  const rows = csvRowCount(parts);
  if (rows === 0) return 0;
  const bytes = parts.map(({ bytes: b }) =>
    Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
  return checkCsvRows(rows, await copyChunks(client, table, columns, bytes));
}

class PgTransaction implements Transaction {
  constructor(readonly client: pg.PoolClient) {}

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return runQuery<R>(this.client, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ) {
    return copyRows(this.client, table, columns, rows);
  }

  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ) {
    return copyCsv(this.client, table, columns, parts);
  }
}

/** Checks a connection string and returns it in a form safe to log. */
export function describeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(
      'DATABASE_URL is not a URL; expected postgres://user:password@host:5432/dbname',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(
      `DATABASE_URL has scheme "${parsed.protocol}"; expected postgres:// or postgresql://`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new ConfigError(
      'DATABASE_URL names no host; expected postgres://user:password@host:5432/dbname',
    );
  }
  const port = parsed.port || '5432';
  return `PostgreSQL ${parsed.hostname}:${port}${parsed.pathname}`;
}

function explainConnectError(error: unknown, where: string): Error {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT') {
    return new ConfigError(
      `cannot reach ${where} (${code}); start the server or fix DATABASE_URL`,
    );
  }
  if (code === '28P01' || code === '28000') {
    return new ConfigError(
      `${where} refused the login (${message}); fix the user or password in DATABASE_URL`,
    );
  }
  if (code === '3D000') {
    return new ConfigError(
      `${where}: ${message}; create it or fix the database name in DATABASE_URL`,
    );
  }
  return error instanceof Error ? error : new Error(message);
}

export interface PgDriverOptions {
  readonly connectionString: string;
  /** Pool size; the pipeline needs few connections. Default 4. */
  readonly maxConnections?: number;
}

export async function openPostgres(
  options: PgDriverOptions,
): Promise<PgDatabase> {
  const description = describeUrl(options.connectionString);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: 10_000,
    types: typeParsers,
  });
  // An idle client that loses its server must not crash the process.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw explainConnectError(error, description);
  }
  return new PgDatabase(pool, description);
}

export class PgDatabase implements Database {
  constructor(
    readonly pool: pg.Pool,
    readonly description: string,
  ) {}

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return runQuery<R>(this.pool, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<number> {
    const client = await this.pool.connect();
    try {
      return await copyRows(client, table, columns, rows);
    } finally {
      client.release();
    }
  }

  /** In a transaction of its own: a refused count rolls the load back. */
  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ): Promise<number> {
    return this.transaction((tx) => tx.copyCsv(table, columns, parts));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      const result = await fn(new PgTransaction(client));
      await client.query('commit');
      return result;
    } catch (error) {
      try {
        await client.query('rollback');
      } catch {
        broken = true;
      }
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async transactionWithLock<T>(
    key: number,
    fn: (tx: Transaction) => Promise<T>,
  ): Promise<LockedResult<T>> {
    return this.transaction(async (tx) => {
      const { rows } = await tx.query<{ locked: boolean }>(
        'select pg_try_advisory_xact_lock($1) as locked',
        [key],
      );
      if (!rows[0]?.locked) return { acquired: false };
      return { acquired: true, value: await fn(tx) };
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
