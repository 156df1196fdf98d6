/**
 * A stand-in for the RDS Data API on 127.0.0.1 that runs each call on the
 * real PostgreSQL server and keeps the documented limits, so the driver is
 * tested through the real @aws-sdk/client-rds-data client:
 * - one statement per call (sent with the extended protocol, which
 *   PostgreSQL itself refuses to run with more than one statement);
 * - no COPY, no array parameters, requests up to 4 MiB, responses up to
 *   1 MiB, a per-call statement timeout (45 s unless told);
 * - a transaction is an id pinned to one connection; calls without an id
 *   take any pooled connection;
 * - parameters typed as the API types them: a string without a type hint
 *   is varchar, longValue is bigint, hints DECIMAL/TIMESTAMP/DATE/UUID/JSON;
 * - records of Field objects and columnMetadata with typeName, timestamps
 *   as 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC.
 */
import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import pg from 'pg';

import { mapSqlCode, sqlSegments } from '../../src/db/split-sql';
import { urlFor } from './postgres-admin';

const MiB = 1024 * 1024;

export interface StandinOptions {
  /** Per-call statement timeout. Default 45 000 ms, as the API. */
  readonly callTimeoutMs?: number;
  /** Idle time after which a transaction is rolled back. Default 3 min. */
  readonly transactionIdleMs?: number;
}

export interface StandinCall {
  readonly operation: string;
  readonly sql?: string;
  readonly transactionId?: string;
  readonly requestBytes: number;
}

export interface DataApiStandin {
  readonly endpoint: string;
  readonly resourceArn: string;
  readonly secretArn: string;
  /** Every call received, in order. */
  readonly calls: StandinCall[];
  /** The next `count` calls fail with this error (e.g. a paused cluster). */
  failNext(errorName: string, count: number): void;
  /** Transactions begun and not yet committed or rolled back. */
  openTransactions(): number;
  close(): Promise<void>;
}

class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Field {
  isNull?: boolean;
  stringValue?: string;
  longValue?: number;
  doubleValue?: number;
  booleanValue?: boolean;
  arrayValue?: unknown;
  blobValue?: unknown;
}

interface SqlParameter {
  name: string;
  value: Field;
  typeHint?: string;
}

const HINT_CASTS: Record<string, string> = {
  DECIMAL: 'numeric',
  TIMESTAMP: 'timestamp',
  DATE: 'date',
  TIME: 'time',
  UUID: 'uuid',
  JSON: 'json',
};

function bindParameters(sql: string, parameters: readonly SqlParameter[]) {
  const byName = new Map(parameters.map((param) => [param.name, param]));
  const values: unknown[] = [];
  const positions = new Map<string, number>();
  const text = mapSqlCode(sql, (code) =>
    code.replace(/(?<![:\w]):([A-Za-z_]\w*)/g, (_, name: string) => {
      const param = byName.get(name);
      if (!param) {
        throw new ApiError(
          'BadRequestException',
          400,
          `No value specified for parameter: ${name}`,
        );
      }
      let position = positions.get(name);
      if (position === undefined) {
        const { value } = param;
        if (value.arrayValue !== undefined) {
          throw new ApiError(
            'BadRequestException',
            400,
            'Array parameters are not supported.',
          );
        }
        values.push(
          value.isNull
            ? null
            : (value.stringValue ??
                value.longValue ??
                value.doubleValue ??
                value.booleanValue ??
                null),
        );
        position = values.length;
        positions.set(name, position);
      }
      const { value, typeHint } = param;
      let cast = '';
      if (typeHint) cast = HINT_CASTS[typeHint] ?? 'varchar';
      else if (value.stringValue !== undefined) cast = 'varchar';
      else if (value.longValue !== undefined) cast = 'bigint';
      else if (value.doubleValue !== undefined) cast = 'float8';
      else if (value.booleanValue !== undefined) cast = 'boolean';
      return cast ? `($${position}::${cast})` : `$${position}`;
    }),
  );
  return { text, values };
}

function firstWord(sql: string): string {
  const code = sqlSegments(sql).find(
    (segment) => segment.kind !== 'comment' && segment.text.trim() !== '',
  );
  return /^\s*(\w+)/.exec(code?.text ?? '')?.[1]?.toLowerCase() ?? '';
}

const INTEGER = new Set(['int2', 'int4', 'int8', 'oid']);
const FLOAT = new Set(['float4', 'float8']);

function toField(text: string | null, typeName: string): Field {
  if (text === null) return { isNull: true };
  if (INTEGER.has(typeName)) return { longValue: Number(text) };
  if (FLOAT.has(typeName)) return { doubleValue: Number(text) };
  if (typeName === 'bool') return { booleanValue: text === 't' };
  if (typeName === 'timestamptz') {
    return { stringValue: text.replace(/\+00(:00)?$/, '') };
  }
  return { stringValue: text };
}

const rawText = { getTypeParser: () => (text: string) => text };

interface OpenTransaction {
  readonly client: pg.PoolClient;
  timer: NodeJS.Timeout;
}

export async function startDataApiStandin(
  options: StandinOptions = {},
): Promise<DataApiStandin> {
  const callTimeoutMs = options.callTimeoutMs ?? 45_000;
  const idleMs = options.transactionIdleMs ?? 180_000;
  const resourceArn = 'arn:aws:rds:us-east-1:123456789012:cluster:standin';
  const secretArn =
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:standin-AbCdEf';
  const pools = new Map<string, pg.Pool>();
  const typeNames = new Map<number, string>();
  const transactions = new Map<string, OpenTransaction>();
  const calls: StandinCall[] = [];
  let failures: { name: string; count: number } | undefined;

  async function poolFor(database: string): Promise<pg.Pool> {
    let pool = pools.get(database);
    if (!pool) {
      pool = new pg.Pool({
        connectionString: urlFor(database),
        max: 8,
        types: rawText as pg.CustomTypesConfig,
        statement_timeout: callTimeoutMs,
        options: '-c TimeZone=UTC',
      });
      pool.on('error', () => undefined);
      pools.set(database, pool);
      if (typeNames.size === 0) {
        const { rows } = await pool.query<{ oid: string; typname: string }>(
          'select oid, typname from pg_type',
        );
        for (const row of rows) typeNames.set(Number(row.oid), row.typname);
      }
    }
    return pool;
  }

  function checkTarget(body: Record<string, unknown>) {
    if (body.resourceArn !== resourceArn || body.secretArn !== secretArn) {
      throw new ApiError(
        'BadRequestException',
        400,
        'Invalid resourceArn or secretArn',
      );
    }
  }

  function pinned(id: string): OpenTransaction {
    const tx = transactions.get(id);
    if (!tx) {
      throw new ApiError(
        'TransactionNotFoundException',
        404,
        `Transaction ${id} is not found`,
      );
    }
    clearTimeout(tx.timer);
    tx.timer = setTimeout(() => void finish(id, 'rollback'), idleMs);
    return tx;
  }

  async function finish(id: string, verb: 'commit' | 'rollback') {
    const tx = pinned(id);
    clearTimeout(tx.timer);
    transactions.delete(id);
    try {
      const result = await tx.client.query(verb);
      tx.client.release();
      return result.command;
    } catch (error) {
      tx.client.release(true);
      throw error;
    }
  }

  async function execute(body: Record<string, unknown>) {
    checkTarget(body);
    const sql = String(body.sql ?? '');
    if (firstWord(sql) === 'copy') {
      throw new ApiError(
        'BadRequestException',
        400,
        'COPY is not supported through the Data API',
      );
    }
    const { text, values } = bindParameters(
      sql,
      (body.parameters as SqlParameter[] | undefined) ?? [],
    );
    const id = body.transactionId as string | undefined;
    const runner = id
      ? pinned(id).client
      : await poolFor(String(body.database));
    const result = await runner.query({
      text,
      values,
      queryMode: 'extended',
    } as pg.QueryConfig);
    const columns = result.fields.map((field) => ({
      name: field.name,
      label: field.name,
      typeName: typeNames.get(field.dataTypeID) ?? 'unknown',
    }));
    const records = result.rows.map((row: Record<string, string | null>) =>
      result.fields.map((field, index) =>
        toField(row[field.name] ?? null, columns[index]!.typeName),
      ),
    );
    const isSelect = result.command === 'SELECT';
    return {
      numberOfRecordsUpdated: isSelect ? 0 : (result.rowCount ?? 0),
      ...(result.fields.length > 0 ? { records } : {}),
      ...(body.includeResultMetadata ? { columnMetadata: columns } : {}),
    };
  }

  async function handle(operation: string, body: Record<string, unknown>) {
    switch (operation) {
      case 'Execute':
        return execute(body);
      case 'BeginTransaction': {
        checkTarget(body);
        const pool = await poolFor(String(body.database));
        const client = await pool.connect();
        await client.query('begin');
        const id = randomUUID();
        transactions.set(id, {
          client,
          timer: setTimeout(() => void finish(id, 'rollback'), idleMs),
        });
        return { transactionId: id };
      }
      case 'CommitTransaction': {
        checkTarget(body);
        const command = await finish(String(body.transactionId), 'commit');
        if (command === 'ROLLBACK') {
          throw new ApiError(
            'DatabaseErrorException',
            400,
            'ERROR: the transaction was aborted and has been rolled back; SQLState: 25P02',
          );
        }
        return { transactionStatus: 'Transaction Committed' };
      }
      case 'RollbackTransaction':
        checkTarget(body);
        await finish(String(body.transactionId), 'rollback');
        return { transactionStatus: 'Rollback Complete' };
      default:
        throw new ApiError(
          'BadRequestException',
          400,
          `operation ${operation} is not in this stand-in`,
        );
    }
  }

  function toApiError(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    const { code, message } = error as { code?: string; message: string };
    if (code === '57014') {
      return new ApiError('StatementTimeoutException', 400, message);
    }
    return new ApiError(
      'DatabaseErrorException',
      400,
      `ERROR: ${message}; SQLState: ${code ?? 'XX000'}`,
    );
  }

  async function serve(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const operation = (request.url ?? '/').slice(1);
    let status = 200;
    let payload: unknown;
    try {
      const body = JSON.parse(raw.toString('utf8') || '{}');
      calls.push({
        operation,
        sql: body.sql,
        transactionId: body.transactionId,
        requestBytes: raw.length,
      });
      if (!request.headers.authorization?.startsWith('AWS4-HMAC-SHA256')) {
        throw new ApiError('ForbiddenException', 403, 'request not signed');
      }
      if (raw.length > 4 * MiB) {
        throw new ApiError(
          'BadRequestException',
          400,
          'Request size exceeded the 4 MiB limit',
        );
      }
      if (failures && failures.count > 0) {
        failures.count -= 1;
        throw new ApiError(failures.name, 400, `${failures.name} (stand-in)`);
      }
      payload = await handle(operation, body);
      const size = Buffer.byteLength(JSON.stringify(payload));
      if (size > MiB) {
        throw new ApiError(
          'BadRequestException',
          400,
          'Database returned more than the allowed response size limit',
        );
      }
    } catch (error) {
      const apiError = toApiError(error);
      status = apiError.status;
      payload = { message: apiError.message };
      response.setHeader('x-amzn-errortype', apiError.type);
    }
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(payload));
  }

  const server = createServer((request, response) => {
    void serve(request, response);
  });
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    resourceArn,
    secretArn,
    calls,
    failNext(name, count) {
      failures = { name, count };
    },
    openTransactions: () => transactions.size,
    async close() {
      for (const id of [...transactions.keys()]) {
        await finish(id, 'rollback').catch(() => undefined);
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const pool of pools.values()) await pool.end();
    },
  };
}

/** SDK client settings that reach the stand-in and nothing else. */
export function standinClientConfig(standin: DataApiStandin) {
  return {
    endpoint: standin.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
}
