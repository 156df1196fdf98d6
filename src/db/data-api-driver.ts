/**
 * Aurora through the RDS Data API (HTTPS, no VPC, no connection pool).
 *
 * The API differs from a session: one statement per call, so scripts are
 * split; every call may land on another connection, so a transaction is an
 * id passed with each call and the lock is a transaction-scoped advisory
 * lock; there are no array parameters and no COPY, so bulk inserts are
 * batched multi-row INSERTs. A paused cluster answers
 * DatabaseResumingException until it is up: those calls are retried.
 */
import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  ExecuteStatementCommand,
  RDSDataClient,
  RollbackTransactionCommand,
  type BeginTransactionCommandOutput,
  type ExecuteStatementCommandOutput,
  type RDSDataClientConfig,
} from '@aws-sdk/client-rds-data';

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
import {
  DEFAULT_BATCH_LIMITS,
  buildInsertBatches,
  type BatchLimits,
} from './data-api-insert';
import { csvRowBatches } from './csv-rows';
import { toRows, toSqlParameter } from './data-api-values';
import { ConfigError } from './errors';
import { mapSqlCode, splitSql } from './split-sql';
import { quoteIdent } from './values';

export interface RetryPolicy {
  /** Calls made in all before giving up. Default 10. */
  readonly attempts: number;
  /** First wait; each next one doubles. Default 250 ms. */
  readonly baseDelayMs: number;
  /** Longest single wait. Default 8000 ms (a resume takes ~15 s). */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 10,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
};

/** Errors that say the call did not run and will succeed later. */
const RETRYABLE = new Set(['DatabaseResumingException']);

export interface DataApiDriverOptions {
  /** ARN of the Aurora cluster (the Data API's resourceArn). */
  readonly resourceArn: string;
  /** ARN of the Secrets Manager secret holding the database login. */
  readonly secretArn: string;
  /** Database name inside the cluster. */
  readonly database: string;
  /** SDK client settings (region, endpoint, credentials). */
  readonly clientConfig?: RDSDataClientConfig;
  /** Retry on a resuming cluster. Default {@link DEFAULT_RETRY}. */
  readonly retry?: Partial<RetryPolicy>;
  /** Insert batch limits. Default {@link DEFAULT_BATCH_LIMITS}. */
  readonly batchLimits?: Partial<BatchLimits>;
}

type DataApiCommand =
  | BeginTransactionCommand
  | CommitTransactionCommand
  | ExecuteStatementCommand
  | RollbackTransactionCommand;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `$1` placeholders become the Data API's named `:p1`. */
export function toNamedParameters(sql: string): string {
  return mapSqlCode(sql, (code) => code.replace(/\$(\d+)/g, ':p$1'));
}

/** Adds the PostgreSQL SQLSTATE the API puts in its message as `code`. */
function withSqlState(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const state = /SQLState: ([0-9A-Z]{5})/.exec(error.message)?.[1];
  if (state && !('code' in error)) {
    Object.assign(error, { code: state });
  }
  return error;
}

export function describeCluster(resourceArn: string, database: string) {
  const match = /^arn:[\w-]+:rds:[\w-]*:\d*:cluster:([\w-]+)$/.exec(
    resourceArn,
  );
  if (!match) {
    throw new ConfigError(
      `DB_CLUSTER_ARN "${resourceArn}" is not an Aurora cluster ARN; expected arn:aws:rds:<region>:<account>:cluster:<name>`,
    );
  }
  return `RDS Data API ${match[1]}/${database}`;
}

/** Rows of a CSV load read back and inserted at a time. */
const CSV_BATCH_ROWS = 10_000;

class DataApiSession implements Transaction {
  constructor(
    private readonly db: DataApiDatabase,
    private readonly transactionId?: string,
  ) {}

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return this.db.execute<R>(sql, params ?? [], this.transactionId);
  }

  async exec(sql: string): Promise<void> {
    for (const statement of splitSql(sql)) {
      await this.db.execute(statement, [], this.transactionId);
    }
  }

  /** No COPY here: the CSV is read back into rows and inserted. */
  async copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ): Promise<number> {
    let written = 0;
    for await (const rows of csvRowBatches(parts, CSV_BATCH_ROWS)) {
      written += await this.insertRows(table, columns, rows);
    }
    return checkCsvRows(csvRowCount(parts), written);
  }

  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const types = await this.db.columnTypes(table, this.transactionId);
    const batches = buildInsertBatches(
      table,
      columns,
      types,
      rows,
      this.db.batchLimits,
    );
    let written = 0;
    for (const batch of batches) {
      const output = await this.db.send<ExecuteStatementCommandOutput>(
        new ExecuteStatementCommand({
          ...this.db.target,
          sql: batch.sql,
          parameters: batch.parameters,
          transactionId: this.transactionId,
        }),
      );
      // The engine's count, not the batch's: what was really inserted.
      written += output.numberOfRecordsUpdated ?? 0;
    }
    return written;
  }
}

export class DataApiDatabase implements Database {
  readonly description: string;
  readonly target: {
    resourceArn: string;
    secretArn: string;
    database: string;
  };
  readonly batchLimits: BatchLimits;
  readonly #client: RDSDataClient;
  readonly #retry: RetryPolicy;
  readonly #columnTypes = new Map<string, Map<string, string>>();

  constructor(options: DataApiDriverOptions) {
    this.description = describeCluster(options.resourceArn, options.database);
    this.target = {
      resourceArn: options.resourceArn,
      secretArn: options.secretArn,
      database: options.database,
    };
    this.#client = new RDSDataClient(options.clientConfig ?? {});
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.batchLimits = { ...DEFAULT_BATCH_LIMITS, ...options.batchLimits };
  }

  /** Sends one command, retrying while the cluster resumes. */
  async send<O = unknown>(command: DataApiCommand): Promise<O> {
    const { attempts, baseDelayMs, maxDelayMs } = this.#retry;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return (await this.#client.send(
          command as ExecuteStatementCommand,
        )) as O;
      } catch (error) {
        const name = (error as { name?: string }).name ?? '';
        if (!RETRYABLE.has(name) || attempt >= attempts) {
          throw withSqlState(error);
        }
        await sleep(Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1)));
      }
    }
  }

  async execute<R>(
    sql: string,
    params: readonly SqlParam[],
    transactionId?: string,
  ): Promise<QueryResult<R>> {
    const output = await this.send<ExecuteStatementCommandOutput>(
      new ExecuteStatementCommand({
        ...this.target,
        sql: params.length > 0 ? toNamedParameters(sql) : sql,
        parameters: params.map((param, index) =>
          toSqlParameter(`p${index + 1}`, param),
        ),
        includeResultMetadata: true,
        // The defaults, stated: numeric as exact text, int8 as a number.
        resultSetOptions: {
          decimalReturnType: 'STRING',
          longReturnType: 'LONG',
        },
        transactionId,
      }),
    );
    const rows = toRows<R>(output.records ?? [], output.columnMetadata ?? []);
    const rowCount =
      rows.length > 0 ? rows.length : (output.numberOfRecordsUpdated ?? 0);
    return { rows, rowCount };
  }

  /** Column name -> SQL type of `table`, looked up once per table. */
  async columnTypes(
    table: string,
    transactionId?: string,
  ): Promise<ReadonlyMap<string, string>> {
    const cached = this.#columnTypes.get(table);
    if (cached) return cached;
    const { rows } = await this.execute<{ name: string; type: string }>(
      `select
          a.attname as name,
          format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute as a
      where a.attrelid = to_regclass($1)
          and a.attnum > 0
          and not a.attisdropped`,
      [quoteIdent(table)],
      transactionId,
    );
    if (rows.length === 0) {
      throw new Error(`table ${table} does not exist; run the migrations`);
    }
    const types = new Map(rows.map((row) => [row.name, row.type]));
    this.#columnTypes.set(table, types);
    return types;
  }

  query<R = Row>(sql: string, params?: readonly SqlParam[]) {
    return this.execute<R>(sql, params ?? []);
  }

  /** A script runs in one transaction, as PostgreSQL runs a multi-statement
   *  simple query: all of it or none. */
  async exec(sql: string): Promise<void> {
    const statements = splitSql(sql);
    if (statements.length === 1) {
      await this.execute(statements[0]!, []);
      return;
    }
    await this.transaction((tx) => tx.exec(sql));
  }

  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly unknown[])[],
  ): Promise<number> {
    return new DataApiSession(this).insertRows(table, columns, rows);
  }

  /** In a transaction of its own: all of the load or none of it. */
  copyCsv(
    table: string,
    columns: readonly string[],
    parts: readonly CsvRows[],
  ): Promise<number> {
    return this.transaction((tx) => tx.copyCsv(table, columns, parts));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const begun = await this.send<BeginTransactionCommandOutput>(
      new BeginTransactionCommand(this.target),
    );
    const transactionId = begun.transactionId;
    if (!transactionId) throw new Error('BeginTransaction returned no id');
    const ids = {
      resourceArn: this.target.resourceArn,
      secretArn: this.target.secretArn,
      transactionId,
    };
    let result: T;
    try {
      result = await fn(new DataApiSession(this, transactionId));
    } catch (error) {
      try {
        await this.send(new RollbackTransactionCommand(ids));
      } catch {
        // The original error matters more; the API drops an abandoned
        // transaction after three idle minutes anyway.
      }
      throw error;
    }
    await this.send(new CommitTransactionCommand(ids));
    return result;
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
    this.#client.destroy();
  }
}

export function openDataApi(options: DataApiDriverOptions): DataApiDatabase {
  return new DataApiDatabase(options);
}
