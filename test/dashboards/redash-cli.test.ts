import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { RedashStandin } from '../support/redash-standin';

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: {
        ...process.env,
        DATABASE_URL: '',
        READONLY_DATABASE_URL: '',
        REDASH_URL: '',
        REDASH_API_KEY: '',
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pipeline redash provision', () => {
  let standin: RedashStandin;

  beforeAll(async () => {
    standin = await new RedashStandin().start();
  });

  afterAll(async () => {
    await standin.stop();
  });

  test('provisions from the environment, then finds nothing to change', async () => {
    const env = {
      REDASH_URL: standin.url,
      REDASH_API_KEY: standin.apiKey,
      READONLY_DATABASE_URL:
        'postgres://pulse_readonly:readonly-pw@postgres:5432/pulse',
    };

    const first = await runCli(['redash', 'provision'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created data source: Pulse (read-only)\n');
    expect(first.stdout).toMatch(
      /^Pulse: Product Overview: http:\/\/127\.0\.0\.1:\d+\/dashboards\/\d+-pulse-product-overview\?refresh=300$/m,
    );
    const [source] = standin.state.dataSources.values();
    expect(source?.options).toEqual({
      host: 'postgres',
      port: 5432,
      dbname: 'pulse',
      user: 'pulse_readonly',
      password: 'readonly-pw',
    });

    const mutations = standin.mutations.length;
    const second = await runCli(['redash', 'provision'], env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^0 change\(s\), \d+ unchanged$/m);
    expect(standin.mutations.length).toBe(mutations);
  });

  test('a wrong key ends with one line and exit code 2', async () => {
    const result = await runCli(
      ['redash', 'provision', '--url', standin.url, '--ds-host', 'postgres'],
      { REDASH_API_KEY: 'nope', REDASH_DS_DBNAME: 'pulse' },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^error: Redash rejected the API key \(401 at GET .*\/api\/data_sources\); set REDASH_API_KEY/,
      ),
    ]);
  });

  test('a missing Redash URL names the variable', async () => {
    const result = await runCli(['redash', 'provision'], {});
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'error: no Redash URL; set REDASH_URL or pass --url (e.g. http://localhost:5000)',
    );
  });
});
