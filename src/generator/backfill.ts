/**
 * Backfill: the N UTC days before today and today up to `now`, each row
 * with the ingested_at it would have had live. Each day is written in one
 * transaction, batch by batch, while the next day is generated in small
 * steps between the writes' I/O, so the database and this process work
 * at the same time. At most two days are in memory (what is left of the
 * one being written and the next), whatever the number of days.
 *
 * A day's transaction also records what it wrote (generator.day_coverage),
 * and writes only planned arrivals not yet covered, by an earlier backfill
 * or by live ticks: a backfill run twice, or again after a crash, writes
 * each event once. The backfill itself is recorded in generator.backfills
 * until it finishes, so `pipeline start` can resume it.
 */
import { typed, type Database, type Queryable } from '../db/database';
import { silentLogger, type Logger } from '../log';
import { addDays, dayOf, daysFromTo } from './calendar';
import { resolveConfig, type GeneratorConfigInput } from './config';
import { generateDayStepwise } from './day';
import { BATCH_ROWS, writeEvents } from './rows';
import {
  databaseNow,
  extendCoverage,
  readCoverage,
  saveLastTick,
  type DayCoverage,
} from './state';
import type { GeneratedDay, RowFaultKind, WindowFaultKind } from './types';

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

/** The part of a day's stream that has arrived by `now`. */
export function arrivedBy(generated: GeneratedDay, now: Date): GeneratedDay {
  return notCovered(generated, now, null);
}

/**
 * The part of a day's stream that has arrived by `now` and is not in
 * `covered` (planned arrivals in (from, through]).
 */
function notCovered(
  generated: GeneratedDay,
  now: Date,
  covered: DayCoverage | null,
): GeneratedDay {
  const nowMs = now.getTime();
  const fromMs = covered?.from ? covered.from.getTime() : -Infinity;
  const throughMs = covered ? covered.through.getTime() : -Infinity;
  const missing = (atMs: number) =>
    atMs <= nowMs && (atMs <= fromMs || atMs > throughMs);
  return {
    events: generated.events.filter((e) => missing(e.ingested_at.getTime())),
    ledger: generated.ledger.filter((entry) => {
      const at = entry.details.ingested_at ?? entry.details.from;
      return missing(Date.parse(String(at)));
    }),
  };
}

export async function backfill(
  db: Database,
  options: BackfillOptions,
): Promise<BackfillResult> {
  const log = options.log ?? silentLogger;
  const config = resolveConfig(options.config);
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
    const made = generateDayStepwise({ seed: options.seed, day, config }).then(
      (generated) => arrivedBy(generated, now),
    );
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
        const { events, ledger } = notCovered(
          arrived,
          now,
          await readCoverage(tx, day),
        );
        rowsAlreadyWritten += arrived.events.length - events.length;
        arrived.events.length = 0;
        let written = 0;
        // Each batch is let go once sent, so the day in hand shrinks
        // while the next one grows.
        while (events.length > 0) {
          written += await writeEvents(tx, events.splice(0, BATCH_ROWS));
        }
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
  await db.query(
    `update generator.backfills
    set finished_at = now()
    where backfill_id = $1`,
    [backfillId],
  );
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
  const { rows } = await tx.query<{ backfill_id: number }>(
    `insert into generator.backfills (seed, days, until)
    values ($1, $2, $3)
    returning backfill_id`,
    [seed, days, typed('timestamptz', until)],
  );
  return rows[0]!.backfill_id;
}
