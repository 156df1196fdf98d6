/**
 * Builds the Lambda bundles exactly as the stack's NodejsFunctions do
 * (same esbuild settings, from constructs/lambda-bundling.ts) and reports
 * their sizes from esbuild's metafile: `npm run bundle`. Fails when a
 * bundle is over its limit.
 */
import { cpSync, rmSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { build, type Metafile } from 'esbuild';

import {
  ALIASES,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
  HANDLERS,
  NEEDS_SQL,
  NODE_TARGET,
  REPO_ROOT,
  entryPath,
  type HandlerName,
} from './constructs/lambda-bundling';

/** Most a bundle's JavaScript may weigh, in bytes. */
export const SIZE_LIMITS: Readonly<Record<HandlerName, number>> = {
  generator: 3 * 1024 * 1024,
  transform: 1024 * 1024,
  migrate: 1024 * 1024,
};

export interface BundleReport {
  readonly name: HandlerName;
  readonly file: string;
  readonly bytes: number;
  readonly sqlBytes: number;
  /** The heaviest packages (or source folders) in the bundle. */
  readonly largest: readonly { input: string; bytes: number }[];
  /** Every package (or source folder) with code in the bundle. */
  readonly packages: readonly string[];
}

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(path) : statSync(path).size;
  }
  return total;
}

function inputsByPackage(metafile: Metafile) {
  const output = Object.values(metafile.outputs)[0];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(
    output?.inputs ?? {},
  )) {
    const inModules = input.split('node_modules/').pop()!;
    const parts = inModules.split('/');
    const key = input.includes('node_modules/')
      ? parts.slice(0, parts[0]!.startsWith('@') ? 2 : 1).join('/')
      : parts.slice(0, 2).join('/');
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  return [...byPackage.entries()]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

export async function buildBundle(
  name: HandlerName,
  outRoot = join(REPO_ROOT, 'dist/bundles'),
): Promise<BundleReport> {
  const outDir = join(outRoot, name);
  rmSync(outDir, { recursive: true, force: true });
  const file = join(outDir, 'index.mjs');
  const result = await build({
    entryPoints: [entryPath(name)],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    minify: true,
    mainFields: ['module', 'main'],
    external: EXTERNAL_MODULES,
    banner: { js: ESM_REQUIRE_BANNER },
    alias: ALIASES,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = inputsByPackage(result.metafile);
  let sqlBytes = 0;
  if (NEEDS_SQL.has(name)) {
    cpSync(join(REPO_ROOT, 'sql'), join(outDir, 'sql'), { recursive: true });
    sqlBytes = dirBytes(join(outDir, 'sql'));
  }
  return {
    name,
    file,
    bytes: statSync(file).size,
    sqlBytes,
    largest: inputs.slice(0, 5),
    packages: inputs.map((item) => item.input),
  };
}

export async function buildAllBundles(outRoot?: string) {
  const reports: BundleReport[] = [];
  for (const name of Object.keys(HANDLERS) as HandlerName[]) {
    reports.push(await buildBundle(name, outRoot));
  }
  return reports;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

async function main(): Promise<void> {
  let over = false;
  for (const report of await buildAllBundles()) {
    const limit = SIZE_LIMITS[report.name];
    const verdict = report.bytes <= limit ? 'ok' : 'OVER';
    over ||= report.bytes > limit;
    process.stdout.write(
      `${report.name.padEnd(10)} ${kB(report.bytes).padStart(10)}` +
        ` (limit ${kB(limit)}, ${verdict})` +
        (report.sqlBytes ? ` + sql/ ${kB(report.sqlBytes)}` : '') +
        `\n    largest: ${report.largest
          .map((item) => `${item.input} ${kB(item.bytes)}`)
          .join(', ')}\n`,
    );
  }
  if (over) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
