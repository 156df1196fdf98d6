/**
 * The one database interface. Everything above src/db talks to this and
 * never learns which engine is behind it.
 *
 * Values come back the same from every driver:
 * - int2/int4/int8 and float as JS numbers (int8 beyond 2^53 throws);
 * - numeric as a decimal string ('12.30'), never a float;
 * - timestamptz as a Date, date as a 'YYYY-MM-DD' string;
 * - json/jsonb parsed, uuid and text as strings, SQL null as null.
 */

/** A parameter whose SQL type must be stated (the Data API needs hints). */
export interface TypedParam {
  readonly type: 'numeric' | 'timestamptz' | 'date' | 'uuid' | 'jsonb';
  readonly value: string | Date | null | object;
}

export type SqlParam = string | number | boolean | Date | null | TypedParam;

export type Row = Record<string, unknown>;

export interface QueryResult<R = Row> {
  readonly rows: R[];
  /** Rows returned, or rows affected by insert/update/delete. */
  readonly rowCount: number;
}

export interface Queryable {
  /** One statement with `$1`-style bound parameters. */
  query<R = Row>(
    sql: string,
    params?: readonly SqlParam[],
  ): Promise<QueryResult<R>>;
  /**
   * A script of one or more statements without parameters (a migration or
   * a SQL file). Drivers that can send only one statement per call split it.
   */
  exec(sql: string): Promise<void>;
  /**
   * Appends rows to a table in bulk (COPY where the engine has it, batched
   * multi-row inserts otherwise). Returns the number of rows written.
   */
  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<number>;
  /**
   * Appends rows already encoded as CSV (see CsvRows), the parts in order,
   * as one bulk load. Returns the number of rows written.
   */
  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ): Promise<number>;
}

/**
 * Rows encoded as `copy ... with (format csv)` reads them: UTF-8, one line
 * per row ending in a newline, every value quoted and SQL null as an empty
 * unquoted field (so '' and null stay apart). Bytes outside the JS heap:
 * a bulk load holds them without the garbage collector copying them.
 */
export interface CsvRows {
  readonly bytes: Uint8Array;
  readonly rows: number;
}

export type Transaction = Queryable;

export type LockedResult<T> =
  { readonly acquired: true; readonly value: T } | { readonly acquired: false };

export interface Database extends Queryable {
  /** Human-readable description for logs, with no secret in it. */
  readonly description: string;
  /**
   * Runs `fn` in one transaction: commit when it resolves, rollback when it
   * throws (the error is rethrown).
   */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * Like `transaction`, holding the exclusive lock `key` until it ends:
   * across processes on a server, and inside this process on every engine.
   * When another holder has the lock it resolves at once to
   * `{ acquired: false }` without running `fn`: callers skip, never wait.
   */
  transactionWithLock<T>(
    key: number,
    fn: (tx: Transaction) => Promise<T>,
  ): Promise<LockedResult<T>>;
  close(): Promise<void>;
}

/** The rows of a CSV load, by the parts' counts. */
export const csvRowCount = (parts: readonly CsvRows[]): number =>
  parts.reduce((sum, part) => sum + part.rows, 0);

/** Throws when an engine loaded another number of rows than the parts said. */
export function checkCsvRows(expected: number, loaded: number): number {
  if (loaded !== expected) {
    throw new RangeError(
      `a CSV load said ${expected} rows and held ${loaded}; encode one line per row`,
    );
  }
  return loaded;
}

export const typed = (
  type: TypedParam['type'],
  value: TypedParam['value'],
): TypedParam => ({ type, value });

export function isTypedParam(value: unknown): value is TypedParam {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Date) &&
    'type' in value &&
    'value' in value
  );
}
