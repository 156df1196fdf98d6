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

const texts = new Map<string, string>();

/** readSql, read once per process: statements that run on every tick. */
export function readSqlOnce(relativePath: string): string {
  let sql = texts.get(relativePath);
  if (sql === undefined) {
    sql = readSql(relativePath);
    texts.set(relativePath, sql);
  }
  return sql;
}

/**
 * Runs the one statement of a file under sql/ with positional parameters;
 * a failure names the file.
 */
export async function runSqlStatement<R = Row>(
  db: Queryable,
  relativePath: string,
  params: readonly SqlParam[] = [],
): Promise<QueryResult<R>> {
  try {
    return await db.query<R>(readSqlOnce(relativePath), params);
  } catch (error) {
    throw new QueryError(`sql/${relativePath}`, error);
  }
}
