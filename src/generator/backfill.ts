/**
 * Backfill: the N UTC days before today and today up to `now`, each row
 * with the ingested_at it would have had live. Each day is encoded as CSV
 * while it is made (csv-day.ts) and written in one transaction, by one
 * COPY, while the next day is made in small steps between the write's
 * I/O, so the database and this process work at the same time. At most
 * two days are in memory, whatever the number of days: the CSV of the one
 * being written, and the next one's drafts and its CSV as it fills, the
 * CSV outside the JS heap (about 400 bytes a row reserved up front).
 *
 * A day's transaction also records what it wrote (generator.day_coverage),
 * and writes only planned arrivals not yet covered, by an earlier backfill
 * or by live ticks: a backfill run twice, or again after a crash, writes
 * each event once. The backfill itself is recorded in generator.backfills
 * until it finishes, so `pipeline start` can resume it.
 */
import { getHeapStatistics } from 'node:v8';

import {
  csvRowCount,
  typed,
  type CsvRows,
  type Database,
  type Queryable,
} from '../db/database';
import { ConfigError } from '../db/errors';
import { silentLogger, type Logger } from '../log';
import { runSqlStatement } from '../sql-files';
import { addDays, dayOf, daysFromTo } from './calendar';
import { resolveConfig, type GeneratorConfigInput } from './config';
import { keptRuns } from './csv-day';
import { encodeDayStepwise } from './day';
import { RAW_COLUMNS, RAW_TABLE } from './rows';
import {
  databaseNow,
  extendCoverage,
  readCoverage,
  saveLastTick,
  type DayCoverage,
} from './state';
import type {
  EncodedDay,
  GeneratedDay,
  LedgerEntry,
  RowFaultKind,
  WindowFaultKind,
} from './types';

export interface BackfillProgress {
  readonly day: string;
  readonly daysDone: number;
  readonly daysTotal: number;
  readonly dayRows: number;
  readonly rowsWritten: number;
}

export interface BackfillOptions {
  readonly seed: number;
  /** Days before today; today (up to `now`) is always included. */
  readonly days: number;
  /** Defaults to the database's now(). */
  readonly now?: Date;
  readonly config?: GeneratorConfigInput;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly log?: Logger;
  /** A backfill left unfinished to carry on (generator.backfills). */
  readonly resume?: number;
}

export interface BackfillResult {
  readonly firstDay: string;
  readonly lastDay: string;
  readonly now: Date;
  readonly rows: number;
  /** Rows of the range already in raw (earlier backfills, ticks), skipped. */
  readonly rowsAlreadyWritten: number;
  /** Ledger entries written, by kind. */
  readonly faults: Partial<Record<RowFaultKind | WindowFaultKind, number>>;
  readonly duration_ms: number;
}

/**
 * Heap a backfill holds per event of a day, the drafts of the day being
 * made: a peak of 173 MB in all at 167k events a day (the 5M-event
 * benchmark), with a margin. The CSV of the day being written is outside
 * the heap (about 330 bytes an event).
 */
const HEAP_BYTES_PER_DAILY_EVENT = 1_300;
/** The process's own heap before a backfill: code, faker, the driver. */
const HEAP_BYTES_BASE = 64 * 2 ** 20;

const megabytes = (bytes: number) => Math.ceil(bytes / 2 ** 20);

/**
 * Refuses a backfill whose days cannot fit this process's heap limit, with
 * the fix, before anything is written: the process would otherwise die
 * out of memory in its first large day.
 */
export function checkHeapBudget(
  eventsPerDay: number,
  heapLimitBytes: number = getHeapStatistics().heap_size_limit,
): void {
  const need = HEAP_BYTES_BASE + eventsPerDay * HEAP_BYTES_PER_DAILY_EVENT;
  if (need <= heapLimitBytes) return;
  throw new ConfigError(
    `a backfill of ${eventsPerDay} events a day needs about ${megabytes(need)} MB of heap and this process may use ${megabytes(heapLimitBytes)} MB; lower --events-per-day or raise the limit with NODE_OPTIONS=--max-old-space-size=${Math.ceil(megabytes(need) / 64) * 64}`,
  );
}

/**
 * Whether a planned arrival is due by `now` and not in `covered` (planned
 * arrivals in (from, through]).
 */
function missingAt(
  now: Date,
  covered: DayCoverage | null,
): (atMs: number) => boolean {
  const nowMs = now.getTime();
  const fromMs = covered?.from ? covered.from.getTime() : -Infinity;
  const throughMs = covered ? covered.through.getTime() : -Infinity;
  return (atMs) => atMs <= nowMs && (atMs <= fromMs || atMs > throughMs);
}

function ledgerMissing(
  ledger: readonly LedgerEntry[],
  missing: (atMs: number) => boolean,
): LedgerEntry[] {
  return ledger.filter((entry) => {
    const at = entry.details.ingested_at ?? entry.details.from;
    return missing(Date.parse(String(at)));
  });
}

/** The part of a day's stream that has arrived by `now`. */
export function arrivedBy(generated: GeneratedDay, now: Date): GeneratedDay {
  const missing = missingAt(now, null);
  return {
    events: generated.events.filter((e) => missing(e.ingested_at.getTime())),
    ledger: ledgerMissing(generated.ledger, missing),
  };
}

/** A day's rows that have arrived by `now` and are not in `covered`. */
function notCovered(
  day: EncodedDay,
  now: Date,
  covered: DayCoverage | null,
): { runs: CsvRows[]; rows: number; ledger: LedgerEntry[] } {
  const missing = missingAt(now, covered);
  const runs = keptRuns(day.csv, missing);
  return {
    runs,
    rows: csvRowCount(runs),
    ledger: ledgerMissing(day.ledger, missing),
  };
}

/** How many of a day's rows have arrived by `now`. */
function arrivedRows(day: EncodedDay, now: Date): number {
  const nowMs = now.getTime();
  let rows = 0;
  for (const at of day.csv.arrivals) if (at <= nowMs) rows += 1;
  return rows;
}

export async function backfill(
  db: Database,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const log = options.log ?? silentLogger;
  const config = resolveConfig(options.config);
  checkHeapBudget(config.eventsPerDay);
  const started = performance.now();
  const now = options.now ?? (await databaseNow(db));
  const lastDay = dayOf(now.getTime());
  const days = daysFromTo(addDays(lastDay, -options.days), lastDay);
  // Moved first, so a tick running meanwhile starts after this backfill.
  const backfillId = await db.transaction(async (tx) => {
    await saveLastTick(tx, now);
    return (
      options.resume ??
      (await recordBackfill(tx, options.seed, options.days, now))
    );
  });

  const make = (day: string) => {
    const made = encodeDayStepwise({ seed: options.seed, day, config });
    // Handled now, awaited later: a failure waits for its turn to throw.
    made.catch(() => undefined);
    return made;
  };
  const faults: Record<string, number> = {};
  let rowsWritten = 0;
  let rowsAlreadyWritten = 0;
  let next = make(days[0]!);
  for (const [index, day] of days.entries()) {
    const dayStarted = performance.now();
    const arrived = await next;
    const following = days[index + 1];
    // Started before the write is awaited: made while this day loads.
    next = following === undefined ? next : make(following);
    const { dayRows, ledger } = await db
      .transaction(async (tx) => {
        // Read and extended under the row's lock, so two backfills, or a
        // backfill and a tick, never both write the same arrivals.
        const { runs, rows, ledger } = notCovered(
          arrived,
          now,
          await readCoverage(tx, day),
        );
        rowsAlreadyWritten += arrivedRows(arrived, now) - rows;
        // The whole day in one COPY: the server never waits for the next.
        const written = await tx.copyCsv(RAW_TABLE, RAW_COLUMNS, runs);
        await extendCoverage(tx, day, null, now);
        return { dayRows: written, ledger };
      })
      .catch(async (error: unknown) => {
        // Let the day being made finish, so nothing runs after we throw.
        await next.catch(() => undefined);
        throw error;
      });
    rowsWritten += dayRows;
    for (const entry of ledger)
      faults[entry.kind] = (faults[entry.kind] ?? 0) + 1;
    log.debug(
      {
        step: 'backfill',
        day,
        rows: dayRows,
        duration_ms: Math.round(performance.now() - dayStarted),
      },
      'backfilled a day',
    );
    options.onProgress?.({
      day,
      daysDone: index + 1,
      daysTotal: days.length,
      dayRows,
      rowsWritten,
    });
  }
  await runSqlStatement(db, 'generator/backfill_finish.sql', [backfillId]);
  const result: BackfillResult = {
    firstDay: days[0]!,
    lastDay,
    now,
    rows: rowsWritten,
    rowsAlreadyWritten,
    faults,
    duration_ms: Math.round(performance.now() - started),
  };
  log.info(
    {
      step: 'backfill',
      rows: result.rows,
      rows_already_written: rowsAlreadyWritten,
      first_day: result.firstDay,
      last_day: result.lastDay,
      faults,
      duration_ms: result.duration_ms,
    },
    'backfill done',
  );
  return result;
}

async function recordBackfill(
  tx: Queryable,
  seed: number,
  days: number,
  until: Date,
): Promise<number> {
  const { rows } = await runSqlStatement<{ backfill_id: number }>(
    tx,
    'generator/backfill_record.sql',
    [seed, days, typed('timestamptz', until)],
  );
  return rows[0]!.backfill_id;
}
