import { readFileSync } from 'node:fs';

import { pipelineHeapFlags } from '../../bench/backfill-process';

describe('the benchmark’s backfill process', () => {
  test('runs under the heap limit that npm run pipeline sets', () => {
    const scripts = (
      JSON.parse(readFileSync('package.json', 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const limit = (script: string) =>
      /NODE_OPTIONS="--max-old-space-size=(\d+) \$NODE_OPTIONS"/.exec(
        script,
      )?.[1];
    expect(limit(scripts.pipeline!)).toBeDefined();
    expect(limit(scripts.start!)).toBe(limit(scripts.pipeline!));
    expect(pipelineHeapFlags()).toEqual([
      `--max-old-space-size=${limit(scripts.pipeline!)}`,
    ]);
  });
});
