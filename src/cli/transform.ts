/** `pipeline transform`: one transform run (incremental by default). */
import type { Command } from 'commander';

import { runTransform } from '../transform';
import { withDatabase, type GlobalOptions } from './context';
import { parseIntegerFlag } from './parse';

interface TransformFlags {
  readonly fullRefresh?: boolean;
  readonly maxRows?: number;
}

export function registerTransform(program: Command): void {
  program
    .command('transform')
    .description(
      'run the transform once: raw rows past the watermark into stg, the marts and the DQ layer (exit 0 when another run holds the lock and this one skips)',
    )
    .option('--full-refresh', 'forget all state and rebuild from every raw row')
    .option(
      '--max-rows <n>',
      'read at most this many raw rows; later runs continue (default 200000, no limit with --full-refresh)',
      parseIntegerFlag('--max-rows', 1, Number.MAX_SAFE_INTEGER),
    )
    .action(async (_options, command: Command) => {
      const flags = command.optsWithGlobals<GlobalOptions & TransformFlags>();
      await withDatabase(flags, async ({ db, log }) => {
        const result = await runTransform(db, {
          log,
          fullRefresh: flags.fullRefresh ?? false,
          ...(flags.maxRows === undefined ? {} : { maxRows: flags.maxRows }),
        });
        if (result.status === 'failed') {
          // Rolled back and recorded already; main() prints the one line
          // and exits 1.
          throw new Error(
            `transform run ${result.run_id} failed and was rolled back: ${result.error}`,
          );
        }
      });
    });
}
