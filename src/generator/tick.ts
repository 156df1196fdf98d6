/**
 * One live tick: the events whose planned arrival falls in (previous tick,
 * now], written with ingested_at = now. The window is read and moved under
 * a lock in the same transaction as the insert, so a scheduler that fires
 * twice writes each window once.
 */
import type { Database } from '../db/database';
import { silentLogger, type Logger } from '../log';
import { dayOf, daysFromTo, MINUTE_MS } from './calendar';
import {
  resolveConfig,
  type GeneratorConfig,
  type GeneratorConfigInput,
} from './config';
import { generateDay } from './day';
import { writeEvents } from './rows';
import {
  databaseNow,
  extendCoverage,
  GENERATOR_LOCK_KEY,
  readLastTick,
  saveLastTick,
} from './state';
import type { GeneratedDay, RawEventInput } from './types';

export interface TickOptions {
  readonly seed: number;
  /** The tick's time; the database's now() when omitted. */
  readonly now?: Date;
  readonly config?: GeneratorConfigInput;
  readonly log?: Logger;
}

export type TickResult =
  | {
      readonly status: 'ok';
      readonly from: Date;
      readonly to: Date;
      readonly rows: number;
      readonly duration_ms: number;
    }
  | { readonly status: 'skipped'; readonly duration_ms: number };

// A tick runs every minute and needs today (and, after midnight,
// yesterday): keeping the last two days saves regenerating them.
const recentDays = new Map<string, GeneratedDay>();

function cachedDay(seed: number, day: string, config: GeneratorConfig) {
  const key = JSON.stringify([seed, day, config]);
  let generated = recentDays.get(key);
  if (!generated) {
    generated = generateDay({ seed, day, config });
    if (recentDays.size >= 2) {
      recentDays.delete(recentDays.keys().next().value as string);
    }
    recentDays.set(key, generated);
  }
  return generated;
}

/** Events planned to arrive in (fromMs, toMs], in arrival order. */
export function eventsArriving(
  seed: number,
  config: GeneratorConfig,
  fromMs: number,
  toMs: number,
): RawEventInput[] {
  const out: RawEventInput[] = [];
  for (const day of daysFromTo(dayOf(fromMs), dayOf(toMs))) {
    for (const event of cachedDay(seed, day, config).events) {
      const at = event.ingested_at.getTime();
      if (at > fromMs && at <= toMs) out.push(event);
    }
  }
  return out;
}

export async function generateTick(
  db: Database,
  options: TickOptions,
): Promise<TickResult> {
  const log = options.log ?? silentLogger;
  const config = resolveConfig(options.config);
  const started = performance.now();
  // Generating a day takes most of a second: do it before taking the
  // lock (and, on PGlite, the one session), so the transaction only reads
  // the cache. The clock guess only picks the days; the window is decided
  // inside the transaction.
  const guessMs = (options.now ?? new Date()).getTime();
  const catchUpMs = config.maxCatchUpMinutes * MINUTE_MS;
  for (const day of daysFromTo(dayOf(guessMs - catchUpMs), dayOf(guessMs))) {
    cachedDay(options.seed, day, config);
  }
  const locked = await db.transactionWithLock(
    GENERATOR_LOCK_KEY,
    async (tx) => {
      const now = options.now ?? (await databaseNow(tx));
      const last = await readLastTick(tx);
      const nowMs = now.getTime();
      // A first tick writes the last minute; after a long stop, at most
      // maxCatchUpMinutes, so a restart does not flood raw with one burst.
      const fromMs = Math.max(
        last ? last.getTime() : nowMs - MINUTE_MS,
        nowMs - config.maxCatchUpMinutes * MINUTE_MS,
      );
      let rows = 0;
      if (nowMs > fromMs) {
        const events = eventsArriving(options.seed, config, fromMs, nowMs);
        rows = await writeEvents(tx, events, now);
        await saveLastTick(tx, now);
        // A backfill that runs later skips what this window wrote.
        for (const day of daysFromTo(dayOf(fromMs), dayOf(nowMs))) {
          await extendCoverage(tx, day, new Date(fromMs), now);
        }
      }
      return { from: new Date(fromMs), to: now, rows };
    },
  );
  const duration_ms = Math.round(performance.now() - started);
  if (!locked.acquired) {
    log.info(
      { step: 'generate', duration_ms },
      'generator tick skipped: another tick holds the lock',
    );
    return { status: 'skipped', duration_ms };
  }
  const { from, to, rows } = locked.value;
  log.info(
    { step: 'generate', rows, from, to, duration_ms },
    'generator tick done',
  );
  return { status: 'ok', from, to, rows, duration_ms };
}
