import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { openEmbedded } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import {
  arrivedBy,
  backfill,
  generateDay,
  resolveConfig,
} from '../../src/generator/index';
import { lockPathFor } from '../../src/db/data-dir-lock';
import { silentLogger } from '../../src/log';
import { startLocal } from '../../src/local/run-local';
import { failingOnLoad } from '../support/failing-db';

const HOST = '127.0.0.1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function count(client: pg.Client, sql: string): Promise<number> {
  return client.query(sql).then((result) => Number(result.rows[0].n));
}

describe('pipeline start on the embedded default', () => {
  test('fills raw, the marts and dq at once, serves the wire port, and stops cleanly', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pulse-start-')), 'pglite');
    const pgPort = await freePort();
    const announced: string[] = [];
    const running = await startLocal({
      target: { kind: 'embedded', dataDir },
      seed: 11,
      backfillDays: 1,
      pgHost: HOST,
      pgPort,
      webHost: HOST,
      webPort: 0,
      generateEveryMinutes: 1,
      transformEveryMinutes: 5,
      announce: (line) => announced.push(line),
      log: silentLogger,
    });
    const client = new pg.Client({
      host: HOST,
      port: pgPort,
      user: 'postgres',
    });
    try {
      expect(announced).toContain(
        `connect with: psql -h ${HOST} -p ${pgPort} -U postgres postgres`,
      );
      await client.connect();
      const raw = await count(client, 'select count(*) as n from raw.events');
      const rawDays = await count(
        client,
        `select count(distinct (coalesce(event_time, ingested_at) at time zone 'utc')::date) as n
         from raw.events`,
      );
      expect(raw).toBeGreaterThan(10_000);
      expect(await count(client, 'select count(*) as n from dq.dq_daily')).toBe(
        rawDays,
      );
      expect(
        await count(client, 'select count(*) as n from mart.daily_metrics'),
      ).toBeGreaterThanOrEqual(2);
      expect(
        await count(
          client,
          "select count(*) as n from dq.transform_runs where status = 'ok'",
        ),
      ).toBe(1);
    } finally {
      await client.end();
      await running.stop();
    }
    expect(existsSync(lockPathFor(dataDir))).toBe(false);

    // The data directory opens again with everything in it.
    const reopened = await openEmbedded(dataDir);
    try {
      const { rows } = await reopened.query<{ n: number }>(
        'select count(*) as n from raw.events',
      );
      expect(rows[0]!.n).toBeGreaterThan(10_000);
    } finally {
      await reopened.close();
    }
  });

  test('resumes a backfill that was cut off, writing each event once', async () => {
    const dataDir = join(
      mkdtempSync(join(tmpdir(), 'pulse-resume-')),
      'pglite',
    );
    const config = resolveConfig({ eventsPerDay: 1_500 });
    const until = new Date(Date.now() - 60_000);
    const days = [
      new Date(until.getTime() - 86_400_000).toISOString().slice(0, 10),
      until.toISOString().slice(0, 10),
    ];
    const cutOff = await openEmbedded(dataDir);
    try {
      await migrate(cutOff);
      // The second day's insert fails: the first day is written.
      await expect(
        backfill(failingOnLoad(cutOff, 2), {
          seed: 5,
          days: 1,
          now: until,
          config,
        }),
      ).rejects.toThrow('connection terminated');
    } finally {
      await cutOff.close();
    }

    const pgPort = await freePort();
    const running = await startLocal({
      target: { kind: 'embedded', dataDir },
      seed: 99,
      generator: config,
      backfillDays: 7,
      pgHost: HOST,
      pgPort,
      webHost: HOST,
      webPort: 0,
      generateEveryMinutes: 1,
      transformEveryMinutes: 5,
      announce: () => undefined,
      log: silentLogger,
    });
    const client = new pg.Client({
      host: HOST,
      port: pgPort,
      user: 'postgres',
    });
    try {
      await client.connect();
      expect(
        await count(
          client,
          'select count(*) as n from generator.backfills where finished_at is null',
        ),
      ).toBe(0);
      // Ticks stamp their own now, later than `until`: the backfill's rows
      // are those that arrived by then, each planned event exactly once.
      const { rows } = await client.query<{ event_id: string | null }>(
        'select event_id from raw.events where ingested_at <= $1',
        [until],
      );
      const planned = days.flatMap(
        (day) => arrivedBy(generateDay({ seed: 5, day, config }), until).events,
      );
      expect(rows.map((row) => row.event_id ?? '-').sort()).toEqual(
        planned.map((event) => event.event_id ?? '-').sort(),
      );
    } finally {
      await client.end();
      await running.stop();
    }
  });

  test('SIGTERM stops the process with exit 0 and leaves the data directory usable', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'pulse-sig-')), 'pglite');
    const pgPort = await freePort();
    const child = spawn(
      join(process.cwd(), 'node_modules', '.bin', 'tsx'),
      [
        'src/cli.ts',
        '--data-dir',
        dataDir,
        'start',
        '--backfill-days',
        '0',
        '--pg-port',
        String(pgPort),
        '--no-web',
      ],
      { env: { ...process.env, DATABASE_URL: '' } },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    let closed = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        closed = true;
        resolve(code);
      }),
    );
    const deadline = Date.now() + 90_000;
    while (
      !output.includes('schedule started') &&
      !closed &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(output).toContain('schedule started');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped cleanly');
    expect(existsSync(lockPathFor(dataDir))).toBe(false);

    const reopened = await openEmbedded(dataDir);
    try {
      const { rows } = await reopened.query<{ n: number }>(
        'select count(*) as n from public.schema_migrations',
      );
      expect(rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
  });
});
