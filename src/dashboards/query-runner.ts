/**
 * Runs the definition's fixed queries for the built-in page. Only keys from
 * the definition are accepted: the page never sends SQL. PGlite does not
 * enforce roles, so this whitelist is what keeps the page read-only there.
 */
import type { Queryable } from '../db/database';
import { QueryError } from '../db/errors';
import type { DashboardSet, QueryDefinition } from './definition';

export interface QueryResultSet {
  readonly query: string;
  readonly columns: string[];
  readonly rows: Record<string, unknown>[];
  readonly retrieved_at: string;
}

export class QueryRunner {
  readonly #queries: ReadonlyMap<string, QueryDefinition>;

  constructor(
    private readonly db: Queryable,
    set: DashboardSet,
  ) {
    this.#queries = new Map(set.queries.map((query) => [query.key, query]));
  }

  has(key: string): boolean {
    return this.#queries.has(key);
  }

  async run(key: string): Promise<QueryResultSet> {
    const query = this.#queries.get(key);
    if (!query) throw new Error(`unknown dashboard query "${key}"`);
    try {
      const { rows } = await this.db.query(query.sql);
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
