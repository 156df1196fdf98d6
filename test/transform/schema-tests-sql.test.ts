import {
  compileSchemaTests,
  parseSchemaTests,
} from '../../src/transform/schema-tests';
import { bindParams } from '../../src/transform/bind-params';
import { describeEachEngine } from '../support/engines';

// A model whose changed rows are read from a narrower relation (as stg's are
// read from the run's batch), so both forms of the unique test, the
// per-row probe of an incremental run and the grouped count of a full
// refresh, are run on each engine against rows whose answer is counted
// here in TypeScript.
const DECLARED = `
models:
  - name: fixture.model
    relation: fixture.changed
    key: id
    changed_rows: id > :watermark_from and id <= :watermark_to
    columns:
      - name: k
        tests: [not_null, unique]
`;

/** id -> k of the model; ids 1..8, some keys repeated, one null. */
const MODEL_ROWS: readonly [number, string | null][] = [
  [1, 'a'],
  [2, 'b'],
  [3, 'a'],
  [4, 'c'],
  [5, 'b'],
  [6, 'd'],
  [7, null],
  [8, 'c'],
];

/** The rows a run changed: ids 3..7 (in the model and in the batch). */
const FROM = 2;
const TO = 7;

/** Changed rows whose key is null. */
function expectedNulls(): number {
  return MODEL_ROWS.filter(([id, k]) => id > FROM && id <= TO && k === null)
    .length;
}

/** Changed rows whose key another model row also has (incremental form). */
function expectedAgainstModel(): number {
  return MODEL_ROWS.filter(
    ([id, k]) =>
      id > FROM &&
      id <= TO &&
      k !== null &&
      MODEL_ROWS.some(([other, ok]) => other !== id && ok === k),
  ).length;
}

/**
 * Full-refresh form: repeats among the changed rows only, each repeated
 * key counted once per row that has it.
 */
function expectedAmongChanged(): number {
  const keys = MODEL_ROWS.filter(
    ([id, k]) => id > FROM && id <= TO && k !== null,
  ).map(([, k]) => k);
  return keys.filter((k) => keys.indexOf(k) !== keys.lastIndexOf(k)).length;
}

describeEachEngine('compiled schema tests on a database', ({ db }) => {
  beforeAll(async () => {
    await db().exec(`
      create schema if not exists fixture;
      create table fixture.model (id int primary key, k text);
      create table fixture.changed (id int primary key, k text);`);
    for (const [id, k] of MODEL_ROWS) {
      await db().query('insert into fixture.model values ($1, $2)', [id, k]);
      if (id > FROM && id <= TO) {
        await db().query('insert into fixture.changed values ($1, $2)', [
          id,
          k,
        ]);
      }
    }
    // A row outside the run's range in the batch relation must not count.
    await db().query("insert into fixture.changed values (99, 'a')");
  });

  async function failures(fullRefresh: boolean): Promise<Map<string, number>> {
    const sql = compileSchemaTests(parseSchemaTests(DECLARED), {
      fullRefresh,
    });
    const bound = bindParams(
      sql,
      { watermark_from: FROM, watermark_to: TO },
      'fixture.yml',
    );
    const { rows } = await db().query<{ test_name: string; failures: number }>(
      `select t.test_name, t.failures::int as failures from (${bound.sql}) as t`,
      bound.params,
    );
    return new Map(rows.map((row) => [row.test_name, row.failures]));
  }

  test('an incremental run compares its changed rows with the whole model', async () => {
    const counted = await failures(false);
    expect(counted.get('model.k.not_null')).toBe(expectedNulls());
    expect(counted.get('model.k.unique')).toBe(expectedAgainstModel());
  });

  test('a full refresh counts repeats among its changed rows', async () => {
    const counted = await failures(true);
    expect(counted.get('model.k.not_null')).toBe(expectedNulls());
    expect(counted.get('model.k.unique')).toBe(expectedAmongChanged());
  });
});
