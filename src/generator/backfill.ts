/**
 * Backfill: the N UTC days before today and today up to `now`, each row
 * with the ingested_at it would have had live. Each day is written in one
 * transaction, batch by batch, while the next day is generated in small
 * steps between the writes' I/O, so the database and this process work
 * at the same time. At most two days are in memory (what is left of the
 * one being written and the next), whatever the number of days.
 */
import type { Database } from '../db/database';
import { silentLogger, type Logger } from '../log';
import { addDays, dayOf, daysFromTo } from './calendar';
import { resolveConfig, type GeneratorConfigInput } from './config';
import { generateDayStepwise } from './day';
import { BATCH_ROWS, writeEvents } from './rows';
import { databaseNow, saveLastTick } from './state';
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
}

export interface BackfillResult {
  readonly firstDay: string;
  readonly lastDay: string;
  readonly now: Date;
  readonly rows: number;
  /** Ledger entries written, by kind. */
  readonly faults: Partial<Record<RowFaultKind | WindowFaultKind, number>>;
  readonly duration_ms: number;
}

/** The part of a day's stream that has arrived by `now`. */
export function arrivedBy(generated: GeneratedDay, now: Date): GeneratedDay {
  const nowMs = now.getTime();
  return {
    events: generated.events.filter((e) => e.ingested_at.getTime() <= nowMs),
    ledger: generated.ledger.filter((entry) => {
      const at = entry.details.ingested_at ?? entry.details.from;
      return Date.parse(String(at)) <= nowMs;
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
  await db.transaction((tx) => saveLastTick(tx, now));

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
  let next = make(days[0]!);
  for (const [index, day] of days.entries()) {
    const dayStarted = performance.now();
    const { events, ledger } = await next;
    const following = days[index + 1];
    // Started before the write is awaited: made while this day loads.
    next = following === undefined ? next : make(following);
    const dayRows = await db
      .transaction(async (tx) => {
        let written = 0;
        // Each batch is let go once sent, so the day in hand shrinks
        // while the next one grows.
        while (events.length > 0) {
          written += await writeEvents(tx, events.splice(0, BATCH_ROWS));
        }
        return written;
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
  const result: BackfillResult = {
    firstDay: days[0]!,
    lastDay,
    now,
    rows: rowsWritten,
    faults,
    duration_ms: Math.round(performance.now() - started),
  };
  log.info(
    {
      step: 'backfill',
      rows: result.rows,
      first_day: result.firstDay,
      last_day: result.lastDay,
      faults,
      duration_ms: result.duration_ms,
    },
    'backfill done',
  );
  return result;
}
