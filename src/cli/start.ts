import { Option, type Command } from 'commander';

import { targetFromEnv } from '../db/connect';
import { DEFAULT_SEED } from '../generator/index';
import { createLogger } from '../log';
import { DEFAULT_SCHEDULE_MINUTES, startLocal } from '../local/run-local';
import { DEFAULT_WIRE_HOST, DEFAULT_WIRE_PORT } from '../local/wire-server';
import { parseEveryMinutes } from '../schedule';
import type { GlobalOptions } from './context';
import { parseIntegerFlag, parsePort } from './parse';

interface StartFlags extends GlobalOptions {
  readonly seed: number;
  readonly backfillDays: number;
  readonly pgHost: string;
  readonly pgPort: number;
  readonly webHost: string;
  readonly webPort: number;
  readonly web: boolean;
  readonly generateEvery: string;
  readonly transformEvery: string;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'run the pipeline: migrate, backfill if empty, then generate every minute and transform every 5 minutes',
    )
    .addOption(
      new Option('--seed <n>', 'generator seed')
        .env('PIPELINE_SEED')
        .argParser(parseIntegerFlag('--seed', 0, 2 ** 31 - 1))
        .default(DEFAULT_SEED),
    )
    .addOption(
      new Option(
        '--backfill-days <n>',
        'days to backfill into an empty database',
      )
        .env('PIPELINE_BACKFILL_DAYS')
        .argParser(parseIntegerFlag('--backfill-days', 0, 3650))
        .default(7),
    )
    .addOption(
      new Option('--pg-host <host>', 'wire-port host (embedded mode)')
        .env('PIPELINE_PG_HOST')
        .default(DEFAULT_WIRE_HOST),
    )
    .addOption(
      new Option(
        '--pg-port <port>',
        'wire port for psql and BI tools (embedded mode)',
      )
        .env('PIPELINE_PG_PORT')
        .argParser(parsePort('--pg-port'))
        .default(DEFAULT_WIRE_PORT),
    )
    .addOption(
      new Option('--web-host <host>', 'built-in dashboards host')
        .env('PIPELINE_WEB_HOST')
        .default('127.0.0.1'),
    )
    .addOption(
      new Option('--web-port <port>', 'built-in dashboards port')
        .env('PIPELINE_WEB_PORT')
        .argParser(parsePort('--web-port'))
        .default(8080),
    )
    .option('--no-web', 'do not serve the built-in dashboards')
    .addOption(
      new Option('--generate-every <interval>', 'generator schedule, e.g. 1m')
        .env('PIPELINE_GENERATE_EVERY')
        .default(`${DEFAULT_SCHEDULE_MINUTES.generator}m`),
    )
    .addOption(
      new Option('--transform-every <interval>', 'transform schedule, e.g. 5m')
        .env('PIPELINE_TRANSFORM_EVERY')
        .default(`${DEFAULT_SCHEDULE_MINUTES.transform}m`),
    )
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<StartFlags>();
      const log = createLogger();
      const running = await startLocal({
        target: targetFromEnv(process.env, flags.dataDir),
        seed: flags.seed,
        backfillDays: flags.backfillDays,
        pgHost: flags.pgHost,
        pgPort: flags.pgPort,
        webHost: flags.webHost,
        webPort: flags.web ? flags.webPort : 0,
        generateEveryMinutes: parseEveryMinutes(
          flags.generateEvery,
          '--generate-every',
        ),
        transformEveryMinutes: parseEveryMinutes(
          flags.transformEvery,
          '--transform-every',
        ),
        announce: (line) => log.info({ step: 'start' }, line),
        log,
      });
      await waitForSignal(log);
      await running.stop();
      log.info({ step: 'stop' }, 'stopped cleanly');
    });
}

function waitForSignal(log: ReturnType<typeof createLogger>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      log.info({ step: 'stop', signal }, 'stopping: finishing running jobs');
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}
