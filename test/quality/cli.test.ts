import { spawn } from 'node:child_process';
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
