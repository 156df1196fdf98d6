/**
 * Multi-row INSERT statements for the Data API, cut into batches that stay
 * under its request size limit and under PostgreSQL's bind-parameter limit.
 */
import type { SqlParameter } from '@aws-sdk/client-rds-data';

import { typed, type SqlParam, type TypedParam } from './database';
import { toSqlParameter } from './data-api-values';
import { quoteIdent } from './values';

export interface BatchLimits {
  /** Bytes of JSON request per call; the API refuses more than 4 MiB. */
  readonly maxRequestBytes: number;
  /** Bound parameters per statement; PostgreSQL allows at most 65535. */
  readonly maxParameters: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxRequestBytes: 3 * 1024 * 1024,
  maxParameters: 30_000,
};

export interface InsertBatch {
  readonly sql: string;
  readonly parameters: SqlParameter[];
  readonly rows: number;
}

/** A column's SQL type, as `format_type` spells it. */
export type ColumnTypes = ReadonlyMap<string, string>;

function hintFor(sqlType: string): TypedParam['type'] | undefined {
  if (sqlType.startsWith('numeric')) return 'numeric';
  if (sqlType.startsWith('timestamp') && sqlType.includes('with time zone')) {
    return 'timestamptz';
  }
  if (sqlType === 'date') return 'date';
  if (sqlType === 'uuid') return 'uuid';
  if (sqlType === 'json' || sqlType === 'jsonb') return 'jsonb';
  return undefined;
}

function paramFor(value: unknown, sqlType: string): SqlParam {
  if (value === null || value === undefined) return null;
  const hint = hintFor(sqlType);
  if (hint === 'numeric' && typeof value === 'number') {
    return typed(hint, String(value));
  }
  if (hint) return typed(hint, value as TypedParam['value']);
  return value as SqlParam;
}

/**
 * Builds the INSERT batches for `rows`. Every placeholder carries an
 * explicit cast to the column's type: the Data API sends untyped strings as
 * varchar, which PostgreSQL will not assign to uuid or jsonb columns.
 */
export function buildInsertBatches(
  table: string,
  columns: readonly string[],
  types: ColumnTypes,
  rows: readonly (readonly unknown[])[],
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): InsertBatch[] {
  const columnTypes = columns.map((column) => {
    const type = types.get(column);
    if (!type) throw new Error(`${table} has no column "${column}"`);
    return type;
  });
  const head = `insert into ${quoteIdent(table)} (${columns
    .map(quoteIdent)
    .join(', ')}) values `;
  const maxRows = Math.max(
    1,
    Math.floor(limits.maxParameters / columns.length),
  );

  const batches: InsertBatch[] = [];
  let tuples: string[] = [];
  let parameters: SqlParameter[] = [];
  let bytes = head.length;

  const flush = () => {
    if (tuples.length === 0) return;
    batches.push({
      sql: head + tuples.join(', '),
      parameters,
      rows: tuples.length,
    });
    tuples = [];
    parameters = [];
    bytes = head.length;
  };

  const encode = (row: readonly unknown[], base: number) => {
    const params = row.map((value, index) =>
      toSqlParameter(
        `p${base + index + 1}`,
        paramFor(value, columnTypes[index]!),
      ),
    );
    const tuple = `(${params
      .map((param, index) => `cast(:${param.name} as ${columnTypes[index]})`)
      .join(', ')})`;
    const size =
      Buffer.byteLength(JSON.stringify(params)) + Buffer.byteLength(tuple) + 2;
    return { params, tuple, size };
  };

  for (const row of rows) {
    let encoded = encode(row, parameters.length);
    const full =
      bytes + encoded.size > limits.maxRequestBytes || tuples.length >= maxRows;
    if (tuples.length > 0 && full) {
      flush();
      encoded = encode(row, 0);
    }
    if (head.length + encoded.size > limits.maxRequestBytes) {
      throw new RangeError(
        `a row for ${table} is larger than the Data API request limit`,
      );
    }
    tuples.push(encoded.tuple);
    parameters.push(...encoded.params);
    bytes += encoded.size;
  }
  flush();
  return batches;
}
