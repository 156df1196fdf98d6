/** `pipeline generate`: one live tick of the generator. */
import type { Command } from 'commander';

import { migrate } from '../db/migrate';
import { configFromEnv, generateTick, resolveSeed } from '../generator/index';
import { eventsPerDayOption, seedOption } from './backfill';
import { withDatabase, type GlobalOptions } from './context';

interface GenerateFlags {
  readonly seed?: string;
  readonly eventsPerDay?: number;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'one live tick: append the events planned since the previous tick (the last minute on the first), stamped with now (migrates first)',
    )
    .addOption(seedOption())
    .addOption(eventsPerDayOption())
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & GenerateFlags>();
      const seed = resolveSeed(flags.seed);
      const config = configFromEnv(
        process.env,
        flags.eventsPerDay === undefined
          ? {}
          : { eventsPerDay: flags.eventsPerDay },
      );
      await withDatabase(flags, async ({ db, log }) => {
        await migrate(db);
        await generateTick(db, { seed, config, log });
      });
    });
}
