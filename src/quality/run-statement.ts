/** Runs one quality statement, naming its SQL file when it fails. */
import type { QueryResult, Queryable, Row, SqlParam } from '../db/database';
import { QueryError } from '../db/errors';
import { runSqlStatement } from '../sql-files';
import { sourceOf, statement, type QualityStatement } from './statements';

export async function runStatement<R = Row>(
  db: Queryable,
  name: QualityStatement,
  params: readonly SqlParam[],
): Promise<QueryResult<R>> {
  return runSqlStatement<R>(db, `dq/${name}.sql`, params);
}

/** Runs a multi-statement quality script (no parameters). */
export async function runScript(
  db: Queryable,
  name: QualityStatement,
): Promise<void> {
  try {
    await db.exec(statement(name));
  } catch (error) {
    throw new QueryError(sourceOf(name), error);
  }
}
