/**
 * Runs one SQL file of the transform: split into statements (one per call,
 * as the Data API needs), named parameters bound, errors tagged with the
 * file they came from.
 */
import type { Queryable, Row, SqlParam } from '../db/database';
import { QueryError } from '../db/errors';
import { splitSql } from '../db/split-sql';
import { readSql } from '../sql-files';
import { bindParams } from './bind-params';

export type StepParams = Readonly<Record<string, SqlParam | undefined>>;

export interface FileResult {
  /** Rows returned by the file's last statement. */
  readonly rows: Row[];
  /** Rows affected (or returned) summed over the file's statements. */
  readonly rowCount: number;
}

const statementCache = new Map<string, string[]>();

function statementsOf(file: string): string[] {
  let statements = statementCache.get(file);
  if (!statements) {
    statements = splitSql(readSql(file));
    statementCache.set(file, statements);
  }
  return statements;
}

/** Runs SQL text (already loaded) under the name `source`. */
export async function runSqlText(
  db: Queryable,
  statements: readonly string[],
  params: StepParams,
  source: string,
): Promise<FileResult> {
  let rows: Row[] = [];
  let rowCount = 0;
  for (const statement of statements) {
    const bound = bindParams(statement, params, source);
    try {
      const result = await db.query(bound.sql, bound.params);
      rows = result.rows;
      rowCount += result.rowCount;
    } catch (error) {
      throw new QueryError(source, error);
    }
  }
  return { rows, rowCount };
}

/** Runs `sql/<file>` statement by statement with `params`. */
export function runSqlFile(
  db: Queryable,
  file: string,
  params: StepParams,
): Promise<FileResult> {
  return runSqlText(db, statementsOf(file), params, `sql/${file}`);
}
