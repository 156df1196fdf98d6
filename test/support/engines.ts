/**
 * Runs a suite once per engine: embedded PGlite (in memory) and the real
 * PostgreSQL server (a scratch database, dropped afterwards). Both start
 * migrated.
 */
import type { Database } from '../../src/db/database';
import { migrate } from '../../src/db/migrate';
import { openPGlite } from '../../src/db/pglite-driver';
import { openPostgres } from '../../src/db/pg-driver';
import { openDataApiEngine } from './data-api-engine';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from './postgres-admin';

/** The engines every SQL suite runs on. */
export const ENGINES = ['pglite', 'postgres'] as const;
/** Plus the RDS Data API driver, through its loopback stand-in. */
export const ALL_DRIVERS = [...ENGINES, 'data-api'] as const;
export type EngineName = (typeof ALL_DRIVERS)[number];

export interface OpenedEngine {
  readonly db: Database;
  dispose(): Promise<void>;
}

/** Opens an empty database on `engine`; migrated unless told otherwise. */
export async function openEngine(
  engine: EngineName,
  options: { migrate?: boolean } = {},
): Promise<OpenedEngine> {
  let opened: OpenedEngine;
  if (engine === 'data-api') {
    const dataApi = await openDataApiEngine({ migrate: false });
    opened = { db: dataApi.db, dispose: () => dataApi.dispose() };
  } else if (engine === 'pglite') {
    const db = await openPGlite();
    opened = { db, dispose: () => db.close() };
  } else {
    const name = await createScratchDatabase();
    const db = await openPostgres({ connectionString: urlFor(name) });
    opened = {
      db,
      dispose: async () => {
        await db.close();
        await dropScratchDatabase(name);
      },
    };
  }
  if (options.migrate !== false) await migrate(opened.db);
  return opened;
}

export interface EngineContext {
  readonly engine: EngineName;
  /** The suite's database, open from beforeAll to afterAll. */
  db(): Database;
}

/** `describe` once per engine with a migrated database for the suite. */
export function describeEachEngine(
  title: string,
  body: (ctx: EngineContext) => void,
  options: { migrate?: boolean; engines?: readonly EngineName[] } = {},
): void {
  describe.each(options.engines ?? ENGINES)(`${title} [%s]`, (engine) => {
    let opened: OpenedEngine | undefined;

    beforeAll(async () => {
      opened = await openEngine(engine, options);
    });

    afterAll(async () => {
      await opened?.dispose();
    });

    body({
      engine,
      db: () => {
        if (!opened) throw new Error('the suite database is not open yet');
        return opened.db;
      },
    });
  });
}

/** Empties every table the migrations made, restarting identities. */
export async function truncateAll(db: Database): Promise<void> {
  const { rows } = await db.query<{ name: string }>(`
    select quote_ident(table_schema) || '.' || quote_ident(table_name) as name
    from information_schema.tables
    where table_type = 'BASE TABLE'
        and table_schema not in ('pg_catalog', 'information_schema', 'public')
  `);
  if (rows.length === 0) return;
  await db.exec(
    `truncate ${rows.map((row) => row.name).join(', ')} restart identity`,
  );
}
