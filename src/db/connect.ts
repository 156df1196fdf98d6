/**
 * The one place a driver is chosen: `DATABASE_URL` selects PostgreSQL,
 * otherwise the embedded PGlite in a data directory.
 */
import { resolve } from 'node:path';

import type { Database } from './database';
import { lockDataDir } from './data-dir-lock';
import { openPGlite, type PGliteDatabase } from './pglite-driver';
import { openPostgres } from './pg-driver';

export const DEFAULT_DATA_DIR = '.data/pglite';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'embedded'; readonly dataDir: string };

export function targetFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  dataDir?: string,
): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  return {
    kind: 'embedded',
    dataDir: resolve(dataDir ?? env.PIPELINE_DATA_DIR ?? DEFAULT_DATA_DIR),
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    return openPostgres({ connectionString: target.url });
  }
  return openEmbedded(target.dataDir);
}

/** The embedded engine, locked to this process for as long as it is open. */
export async function openEmbedded(dataDir: string): Promise<PGliteDatabase> {
  const release = lockDataDir(dataDir);
  try {
    return await openPGlite({ dataDir, onClose: release });
  } catch (error) {
    release();
    throw error;
  }
}
