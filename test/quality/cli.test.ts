import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');

function runCli(
  args: string[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function runCliOut(
  args: string[],
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['src/cli.ts', ...args], {
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

describe('pipeline quality anomalies-report', () => {
  test('bad seeds end with one line naming the flag and exit 2', async () => {
    const result = await runCli([
      'quality',
      'anomalies-report',
      '--seeds',
      '42,x',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: bad --seeds "42,x": use whole numbers separated by commas, e.g. 42,1,7',
    ]);
  });
});

describe('pipeline quality alerts', () => {
  test('on an empty database says that no check is monitored yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulse-quality-'));
    try {
      await runCli(['--data-dir', dir, 'migrate']);
      const result = await runCliOut(['--data-dir', dir, 'quality', 'alerts']);

      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        'no check monitored yet: run the transform (npm run pipeline -- transform)\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
