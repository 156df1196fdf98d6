/**
 * The command line: `npm run pipeline -- <command>`. Each command lives in
 * src/cli/; this file only wires them and turns errors into one line.
 */
import { Command, CommanderError } from 'commander';

import { registerBackfill } from './cli/backfill';
import { registerGenerate } from './cli/generate';
import { registerMigrate } from './cli/migrate';
import { registerQuality } from './cli/quality';
import { registerRedash } from './cli/redash';
import { registerStart } from './cli/start';
import { registerStatus } from './cli/status';
import { registerTransform } from './cli/transform';
import { ConfigError } from './db/errors';

export function buildProgram(): Command {
  const program = new Command('pipeline')
    .description(
      'Product analytics with a data-quality layer. Uses DATABASE_URL when set, else the embedded PGlite database.',
    )
    .option(
      '--data-dir <dir>',
      'embedded database directory (env PIPELINE_DATA_DIR)',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerMigrate(program);
  registerBackfill(program);
  registerGenerate(program);
  registerTransform(program);
  registerStatus(program);
  registerRedash(program);
  registerStart(program);
  registerQuality(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the message (or the help).
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}

const isEntry = process.argv[1] && import.meta.url.endsWith(process.argv[1]);
if (isEntry || process.argv[1]?.endsWith('src/cli.ts')) {
  process.exitCode = await main(process.argv);
}
