import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { lockDataDir, lockPathFor } from '../../src/db/data-dir-lock';

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The one line a user sees: the whole of stderr, trimmed. */
const oneLine = (result: CliResult) => result.stderr.trim().split('\n');

describe('the command line refuses bad input with one clear line', () => {
  test('an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    expect(result.code).toBe(2);
    expect(oneLine(result)[0]).toBe("error: unknown command 'frobnicate'");
  });

  test('an unknown option', async () => {
    const result = await runCli(['migrate', '--colour']);
    expect(result.code).toBe(2);
    expect(oneLine(result)[0]).toBe("error: unknown option '--colour'");
  });

  test('a DATABASE_URL that is not a URL', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'localhost:5432',
    });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toEqual([
      'error: DATABASE_URL has scheme "localhost:"; expected postgres:// or postgresql://',
    ]);
  });

  test('a DATABASE_URL of another database', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'mysql://u@h/db',
    });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toEqual([
      'error: DATABASE_URL has scheme "mysql:"; expected postgres:// or postgresql://',
    ]);
  });

  test('an unreachable database', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:9/pulse',
    });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toEqual([
      'error: cannot reach PostgreSQL 127.0.0.1:9/pulse (ECONNREFUSED); start the server or fix DATABASE_URL',
    ]);
  });

  test('a database that does not exist', async () => {
    const result = await runCli(['migrate'], {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pulse_no_such_db',
    });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toEqual([
      'error: PostgreSQL 127.0.0.1:5432/pulse_no_such_db: database "pulse_no_such_db" does not exist; create it or fix the database name in DATABASE_URL',
    ]);
  });

  describe('the embedded data directory', () => {
    let sleeper: ChildProcess;

    afterEach(() => {
      sleeper?.kill();
    });

    test('held by another live process', async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'pulse-')), 'pglite');
      sleeper = spawn('sleep', ['30']);
      writeFileSync(lockPathFor(dir), String(sleeper.pid));
      const result = await runCli(['migrate', '--data-dir', dir]);
      expect(result.code).toBe(2);
      expect(oneLine(result)).toEqual([
        `error: data directory ${dir} is in use by process ${sleeper.pid}; stop that process, or pass --data-dir for another directory`,
      ]);
      expect(existsSync(dir)).toBe(false);
    });

    test('left locked by a killed process is taken over', async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'pulse-')), 'pglite');
      const dead = spawn('true');
      await new Promise((resolve) => dead.on('close', resolve));
      writeFileSync(lockPathFor(dir), String(dead.pid));
      const result = await runCli(['migrate', '--data-dir', dir]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(existsSync(lockPathFor(dir))).toBe(false);
    });
  });
});

describe('pipeline start on a port in use', () => {
  test.each([
    ['--pg-port', 'wire port'],
    ['--web-port', 'dashboards page'],
  ])('stops with one line naming the port and %s', async (flag) => {
    const holder = createServer();
    await new Promise<void>((resolve) =>
      holder.listen(0, '127.0.0.1', resolve),
    );
    const { port } = holder.address() as AddressInfo;
    const dir = join(mkdtempSync(join(tmpdir(), 'pulse-')), 'pglite');
    try {
      const result = await runCli(
        [
          'start',
          '--data-dir',
          dir,
          '--backfill-days',
          '0',
          flag,
          String(port),
        ],
        { PIPELINE_EVENTS_PER_DAY: '500' },
      );
      expect(result.code).toBe(2);
      expect(oneLine(result)).toEqual([
        `error: port 127.0.0.1:${port} is in use (EADDRINUSE); stop what holds it or choose another with ${flag}`,
      ]);
    } finally {
      holder.close();
    }
  });
});

describe('a backfill too large for the heap', () => {
  test('stops before writing, with one line naming the limit and the fix', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pulse-')), 'pglite');
    const result = await runCli(
      ['backfill', '--days', '1', '--events-per-day', '2000000'],
      {
        PIPELINE_DATA_DIR: dir,
        NODE_OPTIONS: '--max-old-space-size=384',
      },
    );
    expect(result.code).toBe(2);
    expect(oneLine(result)).toHaveLength(1);
    expect(oneLine(result)[0]).toMatch(
      /^error: a backfill of 2000000 events a day needs about \d+ MB of heap and this process may use \d+ MB; lower --events-per-day or raise the limit with NODE_OPTIONS=--max-old-space-size=\d+$/,
    );
  });
});

describe('the data directory lock', () => {
  test('is exclusive within a process and released for the next owner', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'pulse-')), 'pglite');
    const release = lockDataDir(dir);
    expect(readFileSync(lockPathFor(dir), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(
      `data directory ${dir} is in use by process ${process.pid}`,
    );
    release();
    expect(existsSync(lockPathFor(dir))).toBe(false);
    lockDataDir(dir)();
  });
});
