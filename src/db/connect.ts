/**
 * The one place a driver is chosen: `DATABASE_URL` selects PostgreSQL,
 * `DB_CLUSTER_ARN` (with `DB_SECRET_ARN`, `DB_NAME`) Aurora through the
 * RDS Data API, otherwise the embedded PGlite in a data directory.
 */
import { resolve } from 'node:path';

import type { Database } from './database';
import { ConfigError } from './errors';
import { lockDataDir } from './data-dir-lock';
import { openPGlite, type PGliteDatabase } from './pglite-driver';
import { openPostgres } from './pg-driver';

export const DEFAULT_DATA_DIR = '.data/pglite';

export type DatabaseTarget =
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | {
      readonly kind: 'data-api';
      readonly resourceArn: string;
      readonly secretArn: string;
      readonly database: string;
    };

export const DEFAULT_DATA_API_DATABASE = 'pulse';

export function targetFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  dataDir?: string,
): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) return { kind: 'postgres', url };
  const resourceArn = env.DB_CLUSTER_ARN?.trim();
  if (resourceArn) {
    const secretArn = env.DB_SECRET_ARN?.trim();
    if (!secretArn) {
      throw new ConfigError(
        'DB_CLUSTER_ARN is set but DB_SECRET_ARN is not; set it to the ARN of the cluster secret',
      );
    }
    const database = env.DB_NAME?.trim() || DEFAULT_DATA_API_DATABASE;
    return { kind: 'data-api', resourceArn, secretArn, database };
  }
  return {
    kind: 'embedded',
    dataDir: resolve(dataDir ?? env.PIPELINE_DATA_DIR ?? DEFAULT_DATA_DIR),
  };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') {
    return openPostgres({ connectionString: target.url });
  }
  if (target.kind === 'data-api') {
    // Loaded on demand: the AWS SDK stays out of the CLI's start-up.
    const { openDataApi } = await import('./data-api-driver');
    return openDataApi(target);
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
