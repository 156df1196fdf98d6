/**
 * Runs the definition's fixed queries for the built-in page. Only keys from
 * the definition are accepted: the page never sends SQL. On a server each
 * query also runs in a read-only transaction as the read-only role; PGlite
 * does not enforce roles, so there this whitelist is what keeps the page
 * read-only.
 */
import type { Database, Row, Transaction } from '../db/database';
import { QueryError } from '../db/errors';
import { readSql } from '../sql-files';
import type { DashboardSet, QueryDefinition } from './definition';
import { READONLY_ROLE } from './readonly-role';

export interface QueryRunnerOptions {
  /** Run each query as the read-only role (servers; not PGlite). */
  readonly asReadonlyRole?: boolean;
}

export interface QueryResultSet {
  readonly query: string;
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  readonly retrieved_at: string;
}

async function enterReadonlySession(
  tx: Transaction,
  session: string,
): Promise<void> {
  try {
    await tx.exec(session);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `cannot run the dashboards as ${READONLY_ROLE} (${reason}); as a superuser run \`grant ${READONLY_ROLE} to <the pipeline's user>\`, or migrate as a role with CREATEROLE`,
      { cause: error },
    );
  }
}

export class QueryRunner {
  readonly #queries: ReadonlyMap<string, QueryDefinition>;

  readonly #session: string | null;

  constructor(
    private readonly db: Database,
    set: DashboardSet,
    options: QueryRunnerOptions = {},
  ) {
    this.#queries = new Map(set.queries.map((query) => [query.key, query]));
    this.#session = options.asReadonlyRole
      ? readSql('dashboards/read_only_session.sql')
      : null;
  }

  has(key: string): boolean {
    return this.#queries.has(key);
  }

  async run(key: string): Promise<QueryResultSet> {
    const query = this.#queries.get(key);
    if (!query) throw new Error(`unknown dashboard query "${key}"`);
    try {
      const session = this.#session;
      const { rows } =
        session === null
          ? await this.db.query(query.sql)
          : await this.db.transaction(async (tx) => {
              await enterReadonlySession(tx, session);
              return tx.query<Row>(query.sql);
            });
      const first = rows[0];
      return {
        query: key,
        columns: first ? Object.keys(first) : [],
        rows,
        retrieved_at: new Date().toISOString(),
      };
    } catch (error) {
      throw new QueryError(`dashboard query ${key}`, error);
    }
  }
}
