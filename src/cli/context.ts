/** What every command shares: options, the database, the logger. */
import { openDatabase, targetFromEnv } from '../db/connect';
import type { Database } from '../db/database';
import { createLogger, type Logger } from '../log';

export interface GlobalOptions {
  readonly dataDir?: string;
}

export interface CommandContext {
  readonly db: Database;
  readonly log: Logger;
}

export async function withDatabase<T>(
  options: GlobalOptions,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  const log = createLogger();
  const db = await openDatabase(targetFromEnv(process.env, options.dataDir));
  try {
    return await fn({ db, log });
  } finally {
    await db.close();
  }
}
