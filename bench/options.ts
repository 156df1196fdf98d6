/** The benchmark's command line: sizes, runs, where to run, the output. */
import { Command, CommanderError } from 'commander';

import { ConfigError } from '../src/db/errors';
import { parseIntegerFlag } from '../src/cli/parse';
import { describeUrl } from '../src/db/pg-driver';

export const DEFAULT_DATABASE_URL =
  'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchOptions {
  /** History sizes in raw events, ascending. */
  readonly sizes: readonly number[];
  readonly runs: number;
  /** Runs of the long measures: full refresh and the original run. */
  readonly longRuns: number;
  /**
   * Timed incremental runs (a live tick each). A run takes tens of
   * milliseconds, so more of them steady its median at little cost.
   */
  readonly tickRuns: number;
  /** Server the scratch databases are made on. */
  readonly databaseUrl: string;
  /** PGlite's size, or null to skip PGlite. */
  readonly pgliteSize: number | null;
  readonly output: string;
  readonly seed: number;
  /** Days the history is spread over. */
  readonly days: number;
}

const MAX_SIZE = 100_000_000;

/** One size such as `1000000`, `250k` or `5M`. */
export function parseSize(text: string, flag = '--sizes'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)\s*$/.exec(text);
  const scale = { '': 1, k: 1e3, m: 1e6 }[match?.[2]?.toLowerCase() ?? ''];
  const value = match && scale ? Math.round(Number(match[1]) * scale) : NaN;
  if (!Number.isSafeInteger(value) || value < 1_000 || value > MAX_SIZE) {
    throw new ConfigError(
      `${flag} takes raw event counts from 1000 to ${MAX_SIZE} such as 1000000 or 5M, got "${text}"`,
    );
  }
  return value;
}

export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => parseSize(part));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const program = new Command('bench')
    .description(
      'Times ingest, the incremental transform, a full refresh and the original design on the same history',
    )
    .option(
      '--sizes <list>',
      'history sizes in raw events, comma-separated',
      parseSizes,
      [1_000_000, 5_000_000],
    )
    .option(
      '--runs <n>',
      'timed runs per measure; medians are reported',
      parseIntegerFlag('--runs', 1, 50),
      3,
    )
    .option(
      '--long-runs <n>',
      'timed runs of the full refresh and the original run (default: --runs)',
      parseIntegerFlag('--long-runs', 1, 50),
    )
    .option(
      '--tick-runs <n>',
      'timed incremental runs, one live tick each',
      parseIntegerFlag('--tick-runs', 1, 200),
      9,
    )
    .option(
      '--database-url <url>',
      'PostgreSQL server for the scratch databases',
      process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    )
    .option(
      '--pglite-size <n>',
      'history size for PGlite (default: the smallest size)',
      (text: string) => parseSize(text, '--pglite-size'),
    )
    .option('--skip-pglite', 'do not run PGlite')
    .option(
      '--seed <n>',
      'generator seed',
      parseIntegerFlag('--seed', 0, 2 ** 31),
      42,
    )
    .option(
      '--days <n>',
      'days the history is spread over',
      parseIntegerFlag('--days', 1, 365),
      30,
    )
    .option('--output <file>', 'results file', 'bench/results.md')
    .exitOverride()
    .configureOutput({ writeErr: () => undefined })
    .allowExcessArguments(false);

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed') throw error;
      throw new ConfigError(`${error.message.replace(/^error: /, '')}`);
    }
    throw error;
  }
  const flags = program.opts<{
    sizes: number[];
    runs: number;
    longRuns?: number;
    tickRuns: number;
    databaseUrl: string;
    pgliteSize?: number;
    skipPglite?: boolean;
    seed: number;
    days: number;
    output: string;
  }>();
  describeUrl(flags.databaseUrl);
  return {
    sizes: flags.sizes,
    runs: flags.runs,
    longRuns: flags.longRuns ?? flags.runs,
    tickRuns: flags.tickRuns,
    databaseUrl: flags.databaseUrl,
    pgliteSize: flags.skipPglite ? null : (flags.pgliteSize ?? flags.sizes[0]!),
    output: flags.output,
    seed: flags.seed,
    days: flags.days,
  };
}
