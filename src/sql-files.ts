/**
 * Finds the project's sql/ directory: `PIPELINE_SQL_DIR` when set, else
 * next to a bundle (Lambda), else at the repository root (source checkout).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { QueryResult, Queryable, Row, SqlParam } from './db/database';
import { QueryError } from './db/errors';

let cached: string | undefined;

export function sqlDir(): string {
  if (cached) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    process.env.PIPELINE_SQL_DIR,
    join(here, 'sql'),
    join(here, '..', 'sql'),
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => existsSync(join(dir, 'migrations')));
  if (!found) {
    throw new Error(
      `no sql/ directory found (looked in ${candidates.join(', ')}); set PIPELINE_SQL_DIR`,
    );
  }
  cached = found;
  return found;
}

/** Reads one file under sql/, e.g. `readSql('mart/daily_metrics.sql')`. */
export function readSql(relativePath: string): string {
  return readFileSync(join(sqlDir(), relativePath), 'utf8');
}

/** Files of one sql/ subdirectory, sorted by name. */
export function listSql(subdir: string): string[] {
  return readdirSync(join(sqlDir(), subdir))
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

const statements = new Map<string, string>();

/**
 * Runs the one statement of a file under sql/ (read once) with bound
 * parameters; a failure names the file.
 */
export async function runSqlFile<R = Row>(
  db: Queryable,
  relativePath: string,
  params: readonly SqlParam[] = [],
): Promise<QueryResult<R>> {
  let sql = statements.get(relativePath);
  if (sql === undefined) {
    sql = readSql(relativePath);
    statements.set(relativePath, sql);
  }
  try {
    return await db.query<R>(sql, params);
  } catch (error) {
    throw new QueryError(`sql/${relativePath}`, error);
  }
}
