/**
 * Applies sql/migrations/*.sql in name order. Each file runs in its own
 * transaction under an advisory lock, so two processes migrating at once
 * apply each file exactly once. A file changed after it was applied is an
 * error: history is fixed, a change is a new migration.
 */
import { createHash } from 'node:crypto';

import { listSql, readSql } from '../sql-files';
import type { Database } from './database';
import { QueryError } from './errors';

const MIGRATION_LOCK_KEY = 7_310_001;

export interface Migration {
  readonly version: string;
  readonly sql: string;
  readonly checksum: string;
}

export function loadMigrations(): Migration[] {
  return listSql('migrations').map((file) => {
    const sql = readSql(`migrations/${file}`);
    return {
      version: file.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
}

export interface MigrateResult {
  readonly applied: string[];
  readonly skipped: number;
}

export async function migrate(
  db: Database,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrateResult> {
  await db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      create table if not exists public.schema_migrations (
          version text primary key,
          checksum text not null,
          applied_at timestamptz not null default now()
      )`);
  });

  const applied: string[] = [];
  for (const migration of migrations) {
    const didApply = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const { rows } = await tx.query<{ checksum: string }>(
        'select checksum from public.schema_migrations where version = $1',
        [migration.version],
      );
      const existing = rows[0];
      if (existing) {
        if (existing.checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.version} changed after it was applied; restore the file and add a new migration instead`,
          );
        }
        return false;
      }
      try {
        await tx.exec(migration.sql);
      } catch (error) {
        throw new QueryError(`sql/migrations/${migration.version}.sql`, error);
      }
      await tx.query(
        'insert into public.schema_migrations (version, checksum) values ($1, $2)',
        [migration.version, migration.checksum],
      );
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return { applied, skipped: migrations.length - applied.length };
}
