/** Starts bench/backfill-child.ts and reads its report. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { BackfillReport, BackfillRequest } from './backfill-child';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const CHILD = join(BENCH_DIR, 'backfill-child.ts');

/**
 * The heap flag that `npm run pipeline` gives node (package.json), so the
 * child backfills under the same limit as the command line does.
 */
export function pipelineHeapFlags(): string[] {
  const manifest = JSON.parse(
    readFileSync(join(BENCH_DIR, '..', 'package.json'), 'utf8'),
  ) as { scripts: Record<string, string> };
  const flag = /--max-old-space-size=\d+/.exec(manifest.scripts.pipeline!);
  return flag ? [flag[0]] : [];
}

export function backfillInChild(
  request: BackfillRequest,
): Promise<BackfillReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...pipelineHeapFlags(),
        '--import',
        'tsx',
        CHILD,
        JSON.stringify(request),
      ],
      // `--import tsx` resolves from the working directory: the repository.
      { cwd: join(BENCH_DIR, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && last.startsWith('{')) {
        resolve(JSON.parse(last) as BackfillReport);
      } else {
        const reason = stderr.trim().split('\n').slice(0, 3).join(' / ');
        reject(new Error(`backfill process exited ${code}: ${reason}`));
      }
    });
  });
}
