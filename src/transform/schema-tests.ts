/**
 * Schema tests (not_null, unique, accepted_values, expressions) declared
 * in sql/tests/schema.yml and compiled to one SQL statement that appends a
 * row per test to dq.test_results. Each test looks only at the rows the
 * run changed, as the model's `changed_rows` filter says.
 */
import { parse } from 'yaml';

import { ConfigError } from '../db/errors';
import { readSql } from '../sql-files';

export type Severity = 'error' | 'warn';

export interface SchemaTest {
  readonly name: string;
  readonly model: string;
  readonly column: string | null;
  readonly kind: 'not_null' | 'unique' | 'accepted_values' | 'expression';
  readonly severity: Severity;
  /** The model's filter for the rows a run changed. */
  readonly changedRows: string;
  /**
   * What makes one changed row fail (counted in one scan of the model with
   * the model's other row tests), or null for a test that needs its own
   * query (`failuresSql`).
   */
  readonly failingRow: string | null;
  /** SQL counting the failures; always set, used when failingRow is null. */
  readonly failuresSql: string;
  /**
   * A full refresh's form of `failuresSql` when it differs: a full refresh
   * changes every row, so a unique test counts the rows whose value
   * repeats in one grouped pass instead of probing the model once per
   * row. The full refresh's settings (sql/tests/full_refresh_settings.sql)
   * make it a parallel sort and a merge, not a hash of millions of
   * distinct values, which spills and costs twice as much.
   */
  readonly fullRefreshFailuresSql?: string;
  /** What the tests scan for the changed rows (default the model). */
  readonly relation: string;
}

const IDENT = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;

interface DeclaredColumn {
  name: string;
  tests?: unknown[];
}

interface DeclaredModel {
  name: string;
  /**
   * The relation holding the changed rows, when cheaper to scan than the
   * model and with the same rows (stg's: the run's classified batch).
   */
  relation?: string;
  key: string;
  changed_rows: string;
  columns?: DeclaredColumn[];
  expressions?: { name: string; expression: string; severity?: Severity }[];
}

function ident(value: unknown, what: string, source: string): string {
  if (typeof value !== 'string' || !IDENT.test(value)) {
    throw new ConfigError(
      `${source}: ${what} ${JSON.stringify(value)} is not a plain lower-case SQL name; fix it`,
    );
  }
  return value;
}

function literal(value: unknown): string {
  return `'${String(value).replaceAll("'", "''")}'`;
}

function severityOf(value: unknown, source: string): Severity {
  if (value === undefined || value === 'error') return 'error';
  if (value === 'warn') return 'warn';
  throw new ConfigError(
    `${source}: severity ${JSON.stringify(value)} is unknown; use error or warn`,
  );
}

function columnTest(
  model: DeclaredModel,
  column: string,
  declared: unknown,
  source: string,
): SchemaTest {
  const [kind, options] =
    typeof declared === 'string'
      ? [declared, {} as Record<string, unknown>]
      : (Object.entries(declared as object)[0] ?? ['', {}]);
  const opts = (options ?? {}) as Record<string, unknown>;
  const relation = model.relation ?? model.name;
  const base = {
    model: model.name,
    column,
    severity: severityOf(opts.severity, source),
    changedRows: model.changed_rows,
    relation,
  };
  const shortModel = model.name.split('.').pop();
  const scope = `(${model.changed_rows})`;
  const rowTest = (condition: string) => ({
    failingRow: condition,
    failuresSql: `select count(*) from ${relation} where ${scope} and ${condition}`,
  });
  switch (kind) {
    case 'not_null':
      return {
        ...base,
        name: `${shortModel}.${column}.not_null`,
        kind,
        ...rowTest(`${column} is null`),
      };
    case 'unique':
      return {
        ...base,
        name: `${shortModel}.${column}.unique`,
        kind,
        failingRow: null,
        failuresSql: `select count(*) from ${relation} as s where ${scope} and exists (select 1 from ${model.name} as o where o.${column} = s.${column} and o.${model.key} <> s.${model.key})`,
        fullRefreshFailuresSql:
          `select coalesce(sum(d.n), 0) from (select count(*) as n` +
          ` from ${relation} where ${scope} and ${column} is not null` +
          ` group by ${column} having count(*) > 1) as d`,
      };
    case 'accepted_values': {
      const values = opts.values;
      if (!Array.isArray(values) || values.length === 0) {
        throw new ConfigError(
          `${source}: accepted_values on ${model.name}.${column} needs a non-empty values list`,
        );
      }
      return {
        ...base,
        name: `${shortModel}.${column}.accepted_values`,
        kind,
        ...rowTest(
          `${column} is not null and ${column}::text not in (${values.map(literal).join(', ')})`,
        ),
      };
    }
    default:
      throw new ConfigError(
        `${source}: unknown test ${JSON.stringify(kind)} on ${model.name}.${column}; use not_null, unique or accepted_values`,
      );
  }
}

/** Parses a declaration (the text of sql/tests/schema.yml). */
export function parseSchemaTests(
  text: string,
  source = 'sql/tests/schema.yml',
): SchemaTest[] {
  const doc = parse(text) as { models?: DeclaredModel[] } | null;
  const tests: SchemaTest[] = [];
  for (const model of doc?.models ?? []) {
    ident(model.name, 'model', source);
    ident(model.key, 'key', source);
    if (model.relation !== undefined) {
      ident(model.relation, 'relation', source);
    }
    if (typeof model.changed_rows !== 'string' || !model.changed_rows) {
      throw new ConfigError(
        `${source}: model ${model.name} needs changed_rows, the filter for the rows a run changed`,
      );
    }
    for (const column of model.columns ?? []) {
      const name = ident(column.name, 'column', source);
      for (const declared of column.tests ?? []) {
        tests.push(columnTest(model, name, declared, source));
      }
    }
    for (const check of model.expressions ?? []) {
      const name = ident(check.name, 'expression name', source);
      const condition = `not coalesce((${check.expression}), false)`;
      tests.push({
        name: `${model.name.split('.').pop()}.${name}`,
        model: model.name,
        column: null,
        kind: 'expression',
        severity: severityOf(check.severity, source),
        changedRows: model.changed_rows,
        relation: model.relation ?? model.name,
        failingRow: condition,
        failuresSql: `select count(*) from ${model.relation ?? model.name} where (${model.changed_rows}) and ${condition}`,
      });
    }
  }
  const names = new Set<string>();
  for (const test of tests) {
    if (names.has(test.name)) {
      throw new ConfigError(
        `${source}: test ${test.name} is declared twice; keep one`,
      );
    }
    names.add(test.name);
  }
  return tests;
}

/**
 * One select returning a row per test (test_name, model, column_name,
 * test_kind, severity, failures), with the named parameters :run_id,
 * :watermark_from and :watermark_to. The row tests of a model share one
 * scan of its changed rows. It is a plain select, not part of the insert,
 * so PostgreSQL may scan in parallel.
 */
export function compileSchemaTests(
  tests: readonly SchemaTest[],
  options: { readonly fullRefresh?: boolean } = {},
): string {
  const models = [...new Set(tests.map((test) => test.model))];
  const perModel = models.map((model) => {
    const own = tests.filter((test) => test.model === model);
    const counters = own
      .map((test, index) =>
        test.failingRow === null
          ? null
          : `        count(*) filter (where ${test.failingRow}) as t${index}`,
      )
      .filter((line): line is string => line !== null);
    const rows = own.map((test, index) => {
      const countSql =
        options.fullRefresh && test.fullRefreshFailuresSql
          ? test.fullRefreshFailuresSql
          : test.failuresSql;
      const failures =
        test.failingRow === null ? `(${countSql})` : `c.t${index}`;
      const column = test.column === null ? 'null' : literal(test.column);
      return `        (${literal(test.name)}, ${literal(test.model)}, ${column}, ${literal(test.kind)}, ${literal(test.severity)}, ${failures})`;
    });
    const scan = counters.length
      ? `select\n${counters.join(',\n')}\n    from ${own[0]!.relation}\n    where ${own[0]!.changedRows}`
      : 'select 1 as t';
    return `    select v.*
    from (
    ${scan}
    ) as c
    cross join lateral (
        values
${rows.join(',\n')}
    ) as v (test_name, model, column_name, test_kind, severity, failures)`;
  });
  return `${perModel.join('\n\n    union all\n\n')}`;
}

export interface CompiledSchemaTests {
  readonly tests: SchemaTest[];
  /** For an incremental run. */
  readonly sql: string;
  /** For a full refresh, whose changed rows are all rows. */
  readonly fullRefreshSql: string;
}

let compiled: CompiledSchemaTests | undefined;

/** The project's schema tests, compiled once per process. */
export function projectSchemaTests(): CompiledSchemaTests {
  if (!compiled) {
    const tests = parseSchemaTests(readSql('tests/schema.yml'));
    compiled = {
      tests,
      sql: compileSchemaTests(tests),
      fullRefreshSql: compileSchemaTests(tests, { fullRefresh: true }),
    };
  }
  return compiled;
}
