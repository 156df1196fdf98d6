/**
 * The Lambda bundles as deployed (the stack's esbuild settings), measured
 * and then run: each handler's index.mjs is imported by a separate Node
 * process from outside the repository's working directory, against a
 * scratch database on the real PostgreSQL server.
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  SIZE_LIMITS,
  buildAllBundles,
  type BundleReport,
} from '../../infra/bundle-sizes';
import { REPO_ROOT } from '../../infra/constructs/lambda-bundling';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from '../support/postgres-admin';
import { scheduledEvent } from '../lambdas/events';

const run = promisify(execFile);
const MiB = 1024 * 1024;

const INVOKE = `
const [file, payload] = process.argv.slice(1);
const { handler } = await import(file);
await handler(JSON.parse(payload), { awsRequestId: 'bundle-test' });
`;

interface Invocation {
  readonly code: number;
  readonly lines: Record<string, unknown>[];
}

async function invoke(
  report: BundleReport,
  payload: unknown,
  env: Record<string, string>,
): Promise<Invocation> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(PIPELINE_|DATABASE_|DB_|AWS_)/.test(key),
    ),
  );
  try {
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        INVOKE,
        report.file,
        JSON.stringify(payload),
      ],
      { cwd: tmpdir(), env: { ...clean, LOG_LEVEL: 'info', ...env } },
    );
    return { code: 0, lines: jsonLines(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, lines: jsonLines(failed.stdout) };
  }
}

function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('the Lambda bundles', () => {
  const outRoot = join(REPO_ROOT, 'dist', `test-bundles-${process.pid}`);
  let bundles: Record<string, BundleReport>;
  let database: string;

  beforeAll(async () => {
    const reports = await buildAllBundles(outRoot);
    bundles = Object.fromEntries(reports.map((r) => [r.name, r]));
    database = await createScratchDatabase();
  });

  afterAll(async () => {
    rmSync(outRoot, { recursive: true, force: true });
    await dropScratchDatabase(database);
  });

  test('the transform is under 1 MB and the generator under 3 MB', () => {
    expect(bundles.transform!.bytes).toBeLessThan(MiB);
    expect(bundles.generator!.bytes).toBeLessThan(3 * MiB);
    for (const report of Object.values(bundles)) {
      expect(report.bytes).toBeLessThanOrEqual(SIZE_LIMITS[report.name]);
    }
  });

  test('no bundle carries the embedded engine, the CDK or the AWS SDK', () => {
    for (const report of Object.values(bundles)) {
      const heavy = report.packages.filter((name) =>
        /^(@electric-sql\/|aws-cdk-lib|@aws-sdk\/|src\/local|src\/cli)/.test(
          name,
        ),
      );
      expect([report.name, heavy]).toEqual([report.name, []]);
    }
  });

  test('the migrate bundle finds its own sql/ and applies every migration', async () => {
    const result = await invoke(
      bundles.migrate!,
      { RequestType: 'Create' },
      { DATABASE_URL: urlFor(database) },
    );
    expect(result.code).toBe(0);
    expect(result.lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        fn: 'migrate',
        step: 'migrate',
        msg: 'migrations applied',
      }),
    );
  });

  test('the generator bundle writes a tick and logs JSON lines', async () => {
    const result = await invoke(
      bundles.generator!,
      scheduledEvent('2026-03-10T12:00:00Z', 'pulse-generator'),
      { DATABASE_URL: urlFor(database), PIPELINE_EVENTS_PER_DAY: '20000' },
    );
    expect(result.code).toBe(0);
    const done = result.lines.find(
      (line) => line.msg === 'generator tick done',
    );
    expect(done).toMatchObject({
      level: 'info',
      fn: 'generator',
      step: 'generate',
    });
    expect(done?.rows).toBeGreaterThan(0);
  });

  test('the transform bundle emits its metrics in Embedded Metric Format', async () => {
    const result = await invoke(
      bundles.transform!,
      scheduledEvent('2026-03-10T12:05:00Z', 'pulse-transform'),
      { DATABASE_URL: urlFor(database), PIPELINE_NAME: 'PulsePipeline' },
    );
    expect(result.code).toBe(0);
    const emf = result.lines.find((line) => '_aws' in line);
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: 'PulsePipeline',
            Dimensions: [['Pipeline']],
            Metrics: expect.arrayContaining([
              { Name: 'DqFailed', Unit: 'Count' },
            ]),
          },
        ],
      },
      Pipeline: 'PulsePipeline',
      TransformFailed: 0,
      DqFailed: expect.any(Number),
    });
    expect(typeof (emf?._aws as { Timestamp: unknown }).Timestamp).toBe(
      'number',
    );
  });

  test('a transform bundle that cannot run exits with an error for the retry', async () => {
    const empty = await createScratchDatabase();
    try {
      const result = await invoke(
        bundles.transform!,
        scheduledEvent('2026-03-10T12:05:00Z', 'pulse-transform'),
        { DATABASE_URL: urlFor(empty) },
      );
      expect(result.code).not.toBe(0);
      expect(result.lines).toContainEqual(
        expect.objectContaining({ level: 'error', fn: 'transform' }),
      );
    } finally {
      await dropScratchDatabase(empty);
    }
  });
});
