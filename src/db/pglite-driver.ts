/**
 * Embedded driver: PGlite (Postgres in WASM) persisted in a data directory.
 *
 * PGlite is one session shared by the whole process, so this driver runs
 * every statement and transaction through one mutex: a transaction never
 * sees another caller's statements in the middle of it. Advisory locks are
 * re-entrant within a session, so `tryLock` also keeps its own set of keys.
 */
import { PGlite, type Transaction as PGliteTx } from '@electric-sql/pglite';

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
import { Mutex } from './mutex';
import { OID, parseInt8, quoteIdent, toCsv, toWireParam } from './values';

type PGliteLike = Pick<PGlite, 'query' | 'exec'> | PGliteTx;

const parsers = {
  [OID.int8]: parseInt8,
  [OID.numeric]: (text: string) => text,
  [OID.date]: (text: string) => text,
};

export interface PGliteDriverOptions {
  /** Directory holding the database files; in memory when omitted. */
  readonly dataDir?: string;
  /** Called once the engine has closed (to release a data-dir lock). */
  readonly onClose?: () => void;
}

export async function openPGlite(
  options: PGliteDriverOptions = {},
): Promise<PGliteDatabase> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    parsers,
  });
  return new PGliteDatabase(
    pglite,
    options.dataDir ?? 'memory',
    options.onClose,
  );
}

async function runQuery<R>(
  target: PGliteLike,
  sql: string,
  params: readonly SqlParam[] = [],
): Promise<QueryResult<R>> {
  const result = await target.query<R>(sql, params.map(toWireParam));
  return {
    rows: result.rows,
    rowCount: result.affectedRows ?? result.rows.length,
  };
}

async function copyFromBlob(
  target: PGliteLike,
  table: string,
  columns: readonly string[],
  blob: Blob,
): Promise<number> {
  const columnList = columns.map(quoteIdent).join(', ');
  const result = await target.query(
    `copy ${quoteIdent(table)} (${columnList}) from '/dev/blob' with (format csv)`,
    [],
    { blob },
  );
  return result.affectedRows ?? 0;
}

async function copyRows(
  target: PGliteLike,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
): Promise<number> {
  if (rows.length === 0) return 0;
  await copyFromBlob(target, table, columns, new Blob([toCsv(rows)]));
  return rows.length;
}

async function copyCsv(
  target: PGliteLike,
  table: string,
  columns: readonly string[],
  parts: readonly CsvRows[],
): Promise<number> {
  const rows = csvRowCount(parts);
  if (rows === 0) return 0;
  const blob = new Blob(
    parts.map((part) => part.bytes as Uint8Array<ArrayBuffer>),
  );
  return checkCsvRows(rows, await copyFromBlob(target, table, columns, blob));
}

class PGliteTransaction implements Transaction {
  constructor(readonly tx: PGliteTx) {}

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return runQuery<R>(this.tx, sql, params);
  }

  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }

  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ) {
    return copyRows(this.tx, table, columns, rows);
  }

  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ) {
    return copyCsv(this.tx, table, columns, parts);
  }
}

export class PGliteDatabase implements Database {
  readonly #mutex = new Mutex();
  readonly #heldLocks = new Set<number>();

  constructor(
    readonly pglite: PGlite,
    private readonly location: string,
    private readonly onClose?: () => void,
  ) {}

  get description(): string {
    return `PGlite (${this.location})`;
  }

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return this.#mutex.run(() => runQuery<R>(this.pglite, sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.#mutex.run(async () => {
      await this.pglite.exec(sql);
    });
  }

  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ) {
    return this.#mutex.run(() => copyRows(this.pglite, table, columns, rows));
  }

  /** In a transaction of its own: a refused count rolls the load back. */
  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ): Promise<number> {
    return this.transaction((tx) => tx.copyCsv(table, columns, parts));
  }

  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.#mutex.run(() =>
      this.pglite.transaction((tx) => fn(new PGliteTransaction(tx))),
    );
  }

  async transactionWithLock<T>(
    key: number,
    fn: (tx: Transaction) => Promise<T>,
  ): Promise<LockedResult<T>> {
    // Checked before queueing on the mutex, so a second caller skips at
    // once instead of waiting for the holder's whole transaction.
    if (this.#heldLocks.has(key)) return { acquired: false };
    this.#heldLocks.add(key);
    try {
      return await this.transaction(async (tx) => {
        const { rows } = await tx.query<{ locked: boolean }>(
          'select pg_try_advisory_xact_lock($1) as locked',
          [key],
        );
        if (!rows[0]?.locked) return { acquired: false };
        return { acquired: true, value: await fn(tx) };
      });
    } finally {
      this.#heldLocks.delete(key);
    }
  }

  /**
   * Runs `fn` with the engine to itself, for callers outside this interface
   * (the wire-port server) that must not interleave with a transaction.
   */
  exclusive<T>(fn: (pglite: PGlite) => Promise<T>): Promise<T> {
    return this.#mutex.run(() => fn(this.pglite));
  }

  async close(): Promise<void> {
    try {
      await this.#mutex.run(() => this.pglite.close());
    } finally {
      this.onClose?.();
    }
  }
}
