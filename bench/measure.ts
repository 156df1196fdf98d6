/**
 * Everything measured at one history size on one engine, in this order on
 * the same data: backfill, COPY ceiling, the full refresh and the original
 * design's run alternately, incremental run after a live tick.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Database } from '../src/db/database';
import { migrate } from '../src/db/migrate';
import { backfill, generateTick } from '../src/generator/index';
import { runTransform, type TransformRunResult } from '../src/transform/index';
import { backfillInChild } from './backfill-process';
import { runBaseline, setupBaseline } from './baseline';
import { copyOnce, exportHistory } from './copy-ceiling';
import type { BenchOptions } from './options';
import type { SizeResult } from './stats';

const TICK_MS = 5 * 60_000;

export interface SizeContext {
  readonly engine: SizeResult['engine'];
  readonly db: Database;
  readonly size: number;
  readonly options: BenchOptions;
  /** The scratch database's URL, for the backfill process (server only). */
  readonly url: string | null;
  readonly tmpDir: string;
  readonly progress: (message: string) => void;
}

/** The history ends at the start of the current UTC day. */
export function historyEnd(at = new Date()): Date {
  return new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()),
  );
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

function checkRun(result: TransformRunResult): TransformRunResult {
  if (result.status !== 'ok') {
    throw new Error(`transform ${result.status}: ${result.error ?? ''}`);
  }
  return result;
}

/** Runs `fn` while sampling this process's RSS; returns the peak bytes. */
async function peakRssDuring(fn: () => Promise<unknown>): Promise<number> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    await fn();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss);
}

export async function measureSize(ctx: SizeContext): Promise<SizeResult> {
  const { db, options, size } = ctx;
  const end = historyEnd();
  const eventsPerDay = Math.round(size / options.days);
  const errors: string[] = [];
  const result = {
    engine: ctx.engine,
    size,
    rawRows: null as number | null,
    backfillMs: null as number | null,
    backfillPeakRssBytes: null as number | null,
    copyMs: [] as number[],
    fullRefreshMs: [] as number[],
    incrementalMs: [] as number[],
    incrementalRows: [] as number[],
    baselineMs: [] as number[],
    errors,
  };

  /**
   * A checkpoint before a timed run, so the run does not pay for writing
   * back what ran before it. A role that may not checkpoint (PostgreSQL 15
   * needs superuser or pg_checkpoint) times without, and says so once.
   */
  let checkpoints = true;
  async function settle(): Promise<void> {
    if (!checkpoints) return;
    try {
      await db.exec('checkpoint');
    } catch (error) {
      checkpoints = false;
      const reason = error instanceof Error ? error.message : String(error);
      ctx.progress(`checkpoint refused (${reason}); timing without them`);
    }
  }

  /** Runs one stage; a failure is recorded and reported as false. */
  async function stage(
    name: string,
    fn: () => Promise<void>,
  ): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      errors.push(`${name}: ${reason.split('\n')[0]}`);
      ctx.progress(`${name} failed: ${reason}`);
      return false;
    }
  }

  await migrate(db);

  await stage('backfill', async () => {
    ctx.progress(`backfill of about ${size} events over ${options.days} days`);
    const request = {
      seed: options.seed,
      days: options.days,
      now: end.toISOString(),
      eventsPerDay,
    };
    if (ctx.url) {
      const report = await backfillInChild({ ...request, url: ctx.url });
      result.backfillMs = report.ms;
      result.backfillPeakRssBytes = report.peakRssBytes;
    } else {
      let ms = 0;
      result.backfillPeakRssBytes = await peakRssDuring(async () => {
        ms = await timed(() =>
          backfill(db, { ...request, now: end, config: { eventsPerDay } }),
        );
      });
      result.backfillMs = ms;
    }
    const { rows } = await db.query<{ n: number }>(
      'select count(*) as n from raw.events',
    );
    result.rawRows = rows[0]!.n;
    // What autovacuum would do after a bulk load, so neither design plans
    // its queries on an unanalysed table.
    await db.exec('vacuum analyze raw.events');
    ctx.progress(
      `backfill wrote ${result.rawRows} rows in ${Math.round(result.backfillMs)} ms`,
    );
  });

  await stage('COPY', async () => {
    const file = join(ctx.tmpDir, `history-${ctx.engine}-${size}.csv`);
    await exportHistory(db, file);
    try {
      for (let run = 1; run <= options.runs; run += 1) {
        const ms = await copyOnce(db, file);
        result.copyMs.push(ms);
        ctx.progress(`COPY ${run}/${options.runs}: ${Math.round(ms)} ms`);
      }
    } finally {
      await rm(file, { force: true });
    }
  });

  // The two designs' long runs alternate, each after a checkpoint: the
  // ratio between them then compares runs made in the same state of the
  // machine, as its speed drifts, and neither pays for the write-back of
  // what ran before it (the COPY runs leave gigabytes of WAL and pages).
  let refreshing = true;
  let original = await stage('original run setup', () => setupBaseline(db));
  for (let run = 1; run <= options.longRuns; run += 1) {
    if (refreshing) {
      refreshing = await stage('full refresh', async () => {
        await settle();
        const ms = await timed(async () =>
          checkRun(await runTransform(db, { now: end, fullRefresh: true })),
        );
        result.fullRefreshMs.push(ms);
        ctx.progress(
          `full refresh ${run}/${options.longRuns}: ${Math.round(ms)} ms`,
        );
      });
    }
    if (original) {
      original = await stage('original run', async () => {
        await settle();
        const ms = await timed(() => runBaseline(db, end));
        result.baselineMs.push(ms);
        ctx.progress(
          `original run ${run}/${options.longRuns}: ${Math.round(ms)} ms`,
        );
      });
    }
  }

  await stage('incremental', async () => {
    // Tick 0 is not timed: on a schedule the previous run, minutes ago,
    // keeps the state tables' pages cached; after the long runs they are
    // cold, and the first run pays for reading them.
    for (let run = 0; run <= options.tickRuns; run += 1) {
      const clock = new Date(end.getTime() + (run + 1) * TICK_MS);
      await generateTick(db, {
        seed: options.seed,
        now: clock,
        config: { eventsPerDay },
      });
      let rowsRead = 0;
      const ms = await timed(async () => {
        rowsRead = checkRun(await runTransform(db, { now: clock })).rows_read;
      });
      if (run === 0) {
        ctx.progress(`incremental warm-up: ${Math.round(ms)} ms`);
        continue;
      }
      result.incrementalMs.push(ms);
      result.incrementalRows.push(rowsRead);
      ctx.progress(
        `incremental ${run}/${options.tickRuns}: ${Math.round(ms)} ms, ${rowsRead} rows`,
      );
    }
  });

  return result;
}
