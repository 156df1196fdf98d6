/**
 * Runs one backfill in a process of its own, so its peak memory is the
 * backfill's alone. Reads a JSON request as its argument and prints a
 * JSON line with rows, milliseconds and peak RSS in bytes.
 */
import { openPostgres } from '../src/db/pg-driver';
import { backfill } from '../src/generator/index';

export interface BackfillRequest {
  readonly url: string;
  readonly seed: number;
  readonly days: number;
  readonly now: string;
  readonly eventsPerDay: number;
}

export interface BackfillReport {
  readonly rows: number;
  readonly ms: number;
  readonly peakRssBytes: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as BackfillRequest;
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const db = await openPostgres({ connectionString: request.url });
  try {
    const started = performance.now();
    const result = await backfill(db, {
      seed: request.seed,
      days: request.days,
      now: new Date(request.now),
      config: { eventsPerDay: request.eventsPerDay },
    });
    const ms = performance.now() - started;
    clearInterval(sampler);
    // maxRSS is in KiB and also catches peaks between two samples.
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const report: BackfillReport = {
      rows: result.rows,
      ms,
      peakRssBytes: Math.max(peak, maxRss),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } finally {
    clearInterval(sampler);
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
