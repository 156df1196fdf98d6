/**
 * `pipeline backfill`: the N UTC days before today and today up to now,
 * with a progress bar on a terminal and JSON progress lines otherwise.
 */
import { SingleBar, Presets } from 'cli-progress';
import { Option, type Command } from 'commander';

import { migrate } from '../db/migrate';
import {
  backfill,
  configFromEnv,
  DEFAULT_BACKFILL_DAYS,
  parseDays,
  resolveSeed,
  type BackfillProgress,
} from '../generator/index';
import { parseEventsPerDay } from '../generator/settings';
import type { Logger } from '../log';
import { withDatabase, type GlobalOptions } from './context';

interface BackfillFlags {
  readonly days: number;
  readonly seed?: string;
  readonly eventsPerDay?: number;
}

export const seedOption = () =>
  new Option(
    '--seed <n>',
    'generator seed, 0 to 4294967295 (env PIPELINE_SEED, default 42)',
  );

export const eventsPerDayOption = () =>
  new Option(
    '--events-per-day <n>',
    'about this many events a day (env PIPELINE_EVENTS_PER_DAY, default 20000)',
  ).argParser((text) => parseEventsPerDay(text));

/** A bar on a terminal; JSON lines through the logger everywhere else. */
export function progressReporter(log: Logger, daysTotal: number) {
  if (!process.stderr.isTTY) {
    return {
      update: (p: BackfillProgress) =>
        log.info(
          {
            step: 'backfill',
            day: p.day,
            days_done: p.daysDone,
            days_total: p.daysTotal,
            rows: p.dayRows,
            rows_written: p.rowsWritten,
          },
          'backfill progress',
        ),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar(
    {
      format: 'backfill [{bar}] {value}/{total} days | {day} | {rows} rows',
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  bar.start(daysTotal, 0, { day: '', rows: 0 });
  return {
    update: (p: BackfillProgress) =>
      bar.update(p.daysDone, { day: p.day, rows: p.rowsWritten }),
    stop: () => bar.stop(),
  };
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description(
      'write generated events for the N UTC days before today and today up to now into raw.events, skipping what is already there (migrates first)',
    )
    .addOption(
      new Option('--days <n>', 'days before today, 0 to 3650')
        .argParser((text) => parseDays(text))
        .default(DEFAULT_BACKFILL_DAYS),
    )
    .addOption(seedOption())
    .addOption(eventsPerDayOption())
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & BackfillFlags>();
      const seed = resolveSeed(flags.seed);
      const config = configFromEnv(
        process.env,
        flags.eventsPerDay === undefined
          ? {}
          : { eventsPerDay: flags.eventsPerDay },
      );
      await withDatabase(flags, async ({ db, log }) => {
        await migrate(db);
        const progress = progressReporter(log, flags.days + 1);
        try {
          await backfill(db, {
            seed,
            days: flags.days,
            config,
            onProgress: progress.update,
            log,
          });
        } finally {
          progress.stop();
        }
      });
    });
}
