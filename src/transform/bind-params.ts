/**
 * Step SQL names its parameters `:name` (as psql variables do, so a file
 * also runs in psql after `\set`). Each statement is sent with them
 * rewritten to `$1..$n` in order of first use, and only the values it uses:
 * PostgreSQL cannot type a parameter that no statement mentions.
 */
import type { SqlParam } from '../db/database';
import { mapSqlCode } from '../db/split-sql';

const NAMED = /(?<![:\w]):([a-z_][a-z0-9_]*)/g;

export interface BoundStatement {
  readonly sql: string;
  readonly params: SqlParam[];
}

export function bindParams(
  statement: string,
  values: Readonly<Record<string, SqlParam | undefined>>,
  source: string,
): BoundStatement {
  const order: string[] = [];
  const sql = mapSqlCode(statement, (code) =>
    code.replace(NAMED, (_match, name: string) => {
      if (values[name] === undefined) {
        throw new Error(
          `${source} uses :${name}, which the transform does not provide; fix the name or add it to the step's parameters`,
        );
      }
      let index = order.indexOf(name);
      if (index === -1) index = order.push(name) - 1;
      return `$${index + 1}`;
    }),
  );
  return { sql, params: order.map((name) => values[name] as SqlParam) };
}
