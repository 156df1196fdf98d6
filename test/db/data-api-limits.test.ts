/**
 * What only the Data API driver has to get right: one statement per call,
 * batches under the request limit, transactions by id, the retry on a
 * resuming cluster, and the stand-in's limits that make these tests mean
 * something.
 */
import { typed } from '../../src/db/database';
import {
  openDataApiEngine,
  type DataApiEngine,
} from '../support/data-api-engine';

const MiB = 1024 * 1024;

describe('the Data API driver within the API limits', () => {
  let engine: DataApiEngine;

  beforeAll(async () => {
    engine = await openDataApiEngine({ migrate: false });
    await engine.db.exec(`
      create table public.wide (
          id bigint generated always as identity primary key,
          label text,
          amount numeric(12, 2),
          ref uuid,
          doc jsonb
      )`);
  });

  afterAll(async () => {
    await engine.dispose();
  });

  beforeEach(async () => {
    await engine.db.exec('truncate public.wide restart identity');
    engine.standin.calls.length = 0;
  });

  test('the stand-in refuses two statements in one call', async () => {
    await expect(engine.db.query('select 1; select 2')).rejects.toThrow(
      /multiple commands/,
    );
  });

  test('the stand-in refuses COPY', async () => {
    await expect(
      engine.db.query('copy public.wide (label) from stdin'),
    ).rejects.toThrow(/COPY is not supported/);
  });

  test('the stand-in refuses array parameters', async () => {
    const { RDSDataClient, ExecuteStatementCommand } =
      await import('@aws-sdk/client-rds-data');
    const client = new RDSDataClient({
      endpoint: engine.standin.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await expect(
        client.send(
          new ExecuteStatementCommand({
            resourceArn: engine.standin.resourceArn,
            secretArn: engine.standin.secretArn,
            database: engine.databaseName,
            sql: 'select :ids as ids',
            parameters: [
              {
                name: 'ids',
                value: { arrayValue: { longValues: [1, 2] } },
              },
            ],
          }),
        ),
      ).rejects.toThrow(/Array parameters are not supported/);
    } finally {
      client.destroy();
    }
  });

  test('the stand-in sends an unhinted string as varchar, as the API does', async () => {
    await expect(
      engine.db.query('insert into public.wide (ref) values ($1)', [
        '6f1c1d2e-8a4b-4c3d-9e5f-0a1b2c3d4e5f',
      ]),
    ).rejects.toThrow(
      /is of type uuid but expression is of type character varying/,
    );
  });

  test('a script is sent one statement per call, quotes and comments intact', async () => {
    await engine.db.exec(`
      -- a comment; with a semicolon
      insert into public.wide (label) values ('a;b');
      insert into public.wide (label) values ($$c;d$$);
      /* block; comment */
      insert into public.wide (label) values ('it''s; fine')
    `);
    const { rows } = await engine.db.query(
      'select label from public.wide order by id',
    );
    expect(rows).toEqual([
      { label: 'a;b' },
      { label: 'c;d' },
      { label: "it's; fine" },
    ]);
    const executed = engine.standin.calls.filter(
      (call) => call.operation === 'Execute' && call.transactionId,
    );
    expect(executed.map((call) => call.sql)).toEqual([
      "-- a comment; with a semicolon\n      insert into public.wide (label) values ('a;b')",
      'insert into public.wide (label) values ($$c;d$$)',
      "/* block; comment */\n      insert into public.wide (label) values ('it''s; fine')",
    ]);
  });

  test('a failing script leaves none of its statements behind', async () => {
    await expect(
      engine.db.exec(`
        insert into public.wide (label) values ('first');
        insert into public.nowhere (label) values ('second')
      `),
    ).rejects.toThrow(/nowhere/);
    const { rows } = await engine.db.query(
      'select count(*) as n from public.wide',
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  test('a bulk insert larger than 4 MiB is cut into calls under the limit', async () => {
    const label = 'x'.repeat(2000);
    const rows = Array.from({ length: 3000 }, (_, index) => [
      `${label}${index}`,
      `${index}.25`,
      `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
      { index },
    ]);
    const written = await engine.db.insertRows(
      'public.wide',
      ['label', 'amount', 'ref', 'doc'],
      rows,
    );
    expect(written).toBe(3000);
    const inserts = engine.standin.calls.filter((call) =>
      call.sql?.startsWith('insert'),
    );
    expect(inserts.length).toBeGreaterThan(1);
    for (const call of inserts) {
      expect(call.requestBytes).toBeLessThan(4 * MiB);
    }
    const { rows: summary } = await engine.db.query(
      `select
          count(*) as n,
          sum(amount) as total,
          sum((doc ->> 'index')::int) as index_sum,
          count(distinct ref) as refs
      from public.wide`,
    );
    // sum of i + 0.25 for i in 0..2999 = 2999*3000/2 + 750
    expect(summary).toEqual([
      { n: 3000, total: '4499250.00', index_sum: 4498500, refs: 3000 },
    ]);
  });

  test('a CSV load failing in its second statement undoes the first', async () => {
    // Two parameters a statement: one row per INSERT, so the first row is
    // sent and succeeds before the second one fails.
    const db = engine.open({
      batchLimits: { maxRequestBytes: MiB, maxParameters: 2 },
    });
    const bytes = new TextEncoder().encode('"kept?","1.00"\n"x","oops"\n');
    await expect(
      db.copyCsv('public.wide', ['label', 'amount'], [{ bytes, rows: 2 }]),
    ).rejects.toThrow(/numeric/);
    const inserts = engine.standin.calls.filter((call) =>
      call.sql?.startsWith('insert'),
    );
    expect(inserts).toHaveLength(2);
    const { rows } = await engine.db.query(
      'select count(*) as n from public.wide',
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  test('a transaction is pinned to one connection and invisible outside until commit', async () => {
    await engine.db.transaction(async (tx) => {
      await tx.query("insert into public.wide (label) values ('pending')");
      const inside = await tx.query('select count(*) as n from public.wide');
      const outside = await engine.db.query(
        'select count(*) as n from public.wide',
      );
      expect(inside.rows).toEqual([{ n: 1 }]);
      expect(outside.rows).toEqual([{ n: 0 }]);
    });
    const after = await engine.db.query(
      'select count(*) as n from public.wide',
    );
    expect(after.rows).toEqual([{ n: 1 }]);
  });

  test('a resuming cluster is retried until it answers', async () => {
    engine.standin.failNext('DatabaseResumingException', 3);
    const { rows } = await engine.db.query('select $1::int + 1 as n', [41]);
    expect(rows).toEqual([{ n: 42 }]);
    expect(engine.standin.calls).toHaveLength(4);
  });

  test('retries stop after the configured attempts', async () => {
    const db = engine.open({ retry: { attempts: 2, baseDelayMs: 1 } });
    engine.standin.failNext('DatabaseResumingException', 5);
    await expect(db.query('select 1')).rejects.toThrow(
      /DatabaseResumingException/,
    );
    expect(engine.standin.calls).toHaveLength(2);
    engine.standin.failNext('DatabaseResumingException', 0);
  });

  test('other errors are not retried', async () => {
    engine.standin.failNext('ForbiddenException', 1);
    await expect(engine.db.query('select 1')).rejects.toThrow(
      /ForbiddenException/,
    );
    expect(engine.standin.calls).toHaveLength(1);
  });

  test('a database error carries its SQLSTATE as code', async () => {
    await engine.db.exec(
      'create table if not exists public.unique_probe (id int primary key)',
    );
    await engine.db.query('insert into public.unique_probe values (1)');
    await expect(
      engine.db.query('insert into public.unique_probe values (1)'),
    ).rejects.toMatchObject({ code: '23505' });
  });

  test('typed parameters survive the trip in both directions', async () => {
    const { rows } = await engine.db.query(
      `select
          $1::numeric(12, 2) * 2 as doubled,
          $2::timestamptz + interval '1 hour' as later,
          $3::date + 1 as next_day,
          $4::jsonb -> 'k' as inner_doc,
          $5::bigint as big,
          $6::float8 / 2 as half,
          $7::boolean as flag,
          $8::text as missing`,
      [
        typed('numeric', '10.05'),
        typed('timestamptz', new Date('2026-03-01T23:30:00.125Z')),
        typed('date', '2026-02-28'),
        typed('jsonb', { k: { v: [true, null] } }),
        9007199254740991,
        0.5,
        true,
        null,
      ],
    );
    expect(rows).toEqual([
      {
        doubled: '20.10',
        later: new Date('2026-03-02T00:30:00.125Z'),
        next_day: '2026-03-01',
        inner_doc: { v: [true, null] },
        big: 9007199254740991,
        half: 0.25,
        flag: true,
        missing: null,
      },
    ]);
  });

  test('rowCount counts the rows an update changed', async () => {
    await engine.db.insertRows('public.wide', ['label'], [['a'], ['b'], ['c']]);
    const result = await engine.db.query(
      "update public.wide set label = 'z' where label <> $1",
      ['a'],
    );
    expect(result.rowCount).toBe(2);
  });
});

describe('the Data API stand-in call timeout', () => {
  let engine: DataApiEngine;

  beforeAll(async () => {
    engine = await openDataApiEngine({
      migrate: false,
      standin: { callTimeoutMs: 300 },
    });
  });

  afterAll(async () => {
    await engine.dispose();
  });

  test('a call running past the timeout fails and is not retried', async () => {
    await expect(engine.db.query('select pg_sleep(2)')).rejects.toMatchObject({
      name: 'StatementTimeoutException',
    });
    expect(
      engine.standin.calls.filter((call) => call.sql?.includes('pg_sleep')),
    ).toHaveLength(1);
  });
});
