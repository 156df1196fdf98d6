import type { Command } from 'commander';

import { migrate } from '../db/migrate';
import { withDatabase, type GlobalOptions } from './context';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description(
      'apply the SQL migrations under sql/migrations (safe to rerun)',
    )
    .action(async (_options, command: Command) => {
      await withDatabase(
        command.optsWithGlobals<GlobalOptions>(),
        async (ctx) => {
          const result = await migrate(ctx.db);
          ctx.log.info(
            { applied: result.applied, already_applied: result.skipped },
            'migrations done',
          );
        },
      );
    });
}
