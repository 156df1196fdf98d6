import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { openPostgres, type PgDatabase } from '../../src/db/pg-driver';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from '../support/postgres-admin';
import { insertRaw, rawEvent, uuid } from './support';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runCli(args: string[], databaseUrl: string): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pipeline transform and pipeline status', () => {
  let name: string;
  let url: string;
  let db: PgDatabase;

  beforeAll(async () => {
    name = await createScratchDatabase();
    url = urlFor(name);
    expect((await runCli(['migrate'], url)).code).toBe(0);
    db = await openPostgres({ connectionString: url });
    await insertRaw(db, [
      rawEvent({ event_id: uuid(1) }),
      rawEvent({ event_id: uuid(2) }),
      rawEvent({ event_id: uuid(3) }),
    ]);
  });

  afterAll(async () => {
    await db.close();
    await dropScratchDatabase(name);
  });

  test('transform reads the new rows in slices of --max-rows', async () => {
    const first = await runCli(['transform', '--max-rows', '2'], url);
    const second = await runCli(['transform'], url);

    expect([first.code, second.code]).toEqual([0, 0]);
    const { rows } = await db.query(
      'select rows_read, status from dq.transform_runs order by run_id',
    );
    expect(rows).toEqual([
      { rows_read: 2, status: 'ok' },
      { rows_read: 1, status: 'ok' },
    ]);
  });

  test('status --json reports the watermark, backlog and DQ status', async () => {
    const result = await runCli(['status', '--json'], url);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.watermark).toMatchObject({ last_raw_id: 3, backlog_rows: 0 });
    expect(report.runs.length).toBeGreaterThan(0);
    expect(report.dq_status).toHaveProperty('overall_pass');
  });

  test('status for people names the watermark and the newest DQ status', async () => {
    const result = await runCli(['status'], url);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'watermark: raw id 3 of 3 (backlog 0 rows)',
    );
    expect(result.stdout).toMatch(/dq status: (PASS|FAIL)/);
  });

  test('transform --full-refresh rebuilds from every raw row', async () => {
    const result = await runCli(['transform', '--full-refresh'], url);

    expect(result.code).toBe(0);
    const { rows } = await db.query(
      'select rows_read, is_full_refresh from dq.transform_runs order by run_id desc limit 1',
    );
    expect(rows[0]).toEqual({ rows_read: 3, is_full_refresh: true });
  });

  test('a bad --max-rows is one line and exit 2', async () => {
    const result = await runCli(['transform', '--max-rows', 'lots'], url);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: --max-rows must be a whole number from 1 to 9007199254740991, got "lots"',
    ]);
  });

  test('a failed run exits 1 with one line naming the SQL file', async () => {
    await insertRaw(db, [rawEvent({ event_id: uuid(4) })]);
    await db.exec(
      'alter table dq.dq_daily add constraint cli_test_fail check (rows_total < 0) not valid',
    );
    try {
      const result = await runCli(['transform'], url);

      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^error: transform run \d+ failed and was rolled back: sql\/dq\/dq_daily\.sql: /,
      );
    } finally {
      await db.exec('alter table dq.dq_daily drop constraint cli_test_fail');
    }
  });
});
