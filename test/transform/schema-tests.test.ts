import { ConfigError } from '../../src/db/errors';
import {
  compileSchemaTests,
  parseSchemaTests,
  projectSchemaTests,
} from '../../src/transform/schema-tests';
import { bindParams } from '../../src/transform/bind-params';

const MODEL = `
models:
  - name: mart.daily_metrics
    key: dt
    changed_rows: updated_run_id = :run_id
    columns:
      - name: dt
        tests:
          - not_null
          - unique
      - name: platform
        tests:
          - accepted_values:
              values: [web, "o'hare"]
              severity: warn
    expressions:
      - name: revenue_not_negative
        expression: revenue >= 0
`;

describe('schema test declarations', () => {
  test('compile each test to a failure count over the changed rows', () => {
    const tests = parseSchemaTests(MODEL);

    expect(tests.map((t) => [t.name, t.kind, t.severity])).toEqual([
      ['daily_metrics.dt.not_null', 'not_null', 'error'],
      ['daily_metrics.dt.unique', 'unique', 'error'],
      ['daily_metrics.platform.accepted_values', 'accepted_values', 'warn'],
      ['daily_metrics.revenue_not_negative', 'expression', 'error'],
    ]);
    expect(tests[0]?.failingRow).toBe('dt is null');
    expect(tests[0]?.failuresSql).toBe(
      'select count(*) from mart.daily_metrics where (updated_run_id = :run_id) and dt is null',
    );
    expect(tests[2]?.failuresSql).toContain("not in ('web', 'o''hare')");
    expect(tests[3]?.failuresSql).toContain(
      'not coalesce((revenue >= 0), false)',
    );
  });

  test('compile to one select with only named parameters', () => {
    const sql = compileSchemaTests(parseSchemaTests(MODEL));
    const bound = bindParams(sql, { run_id: 7 }, 'schema.yml');

    expect(bound.sql.trim().startsWith('select v.*')).toBe(true);
    expect(bound.sql).not.toMatch(/(?<!:):[a-z]/);
    expect(bound.params).toEqual([7]);
  });

  test('reject an unknown test kind with the model and column named', () => {
    const bad = MODEL.replace('- unique', '- uniq');
    expect(() => parseSchemaTests(bad)).toThrow(ConfigError);
    expect(() => parseSchemaTests(bad)).toThrow(
      'unknown test "uniq" on mart.daily_metrics.dt',
    );
  });

  test('reject a model without a changed_rows filter', () => {
    const bad = MODEL.replace(
      '    changed_rows: updated_run_id = :run_id\n',
      '',
    );
    expect(() => parseSchemaTests(bad)).toThrow('needs changed_rows');
  });

  test('reject a column name that is not a plain SQL name', () => {
    const bad = MODEL.replace('- name: dt', '- name: "dt; drop table x"');
    expect(() => parseSchemaTests(bad)).toThrow(
      'not a plain lower-case SQL name',
    );
  });

  test('the project declaration covers stg and both marts', () => {
    const models = new Set(projectSchemaTests().tests.map((t) => t.model));
    expect([...models].sort()).toEqual([
      'dq.dq_daily',
      'mart.daily_metrics',
      'mart.funnel_daily',
      'stg.stg_events',
    ]);
  });
});

describe('named parameters of step SQL', () => {
  test('number parameters by first use and skip casts, strings and comments', () => {
    const bound = bindParams(
      "select :b::int, ':a', :a -- :c\n, :b",
      { a: 1, b: 2, c: 3 },
      'f.sql',
    );
    expect(bound).toEqual({
      sql: "select $1::int, ':a', $2 -- :c\n, $1",
      params: [2, 1],
    });
  });

  test('name the file and the parameter when a value is missing', () => {
    expect(() => bindParams('select :nope', {}, 'sql/x.sql')).toThrow(
      'sql/x.sql uses :nope',
    );
  });

  test('pass a null value as a parameter', () => {
    expect(bindParams('select :a', { a: null }, 'f.sql').params).toEqual([
      null,
    ]);
  });
});
