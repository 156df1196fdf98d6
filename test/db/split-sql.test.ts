import { mapSqlCode, splitSql } from '../../src/db/split-sql';
import { toNamedParameters } from '../../src/db/data-api-driver';

describe('splitting SQL scripts into statements', () => {
  test('splits on top-level semicolons and drops empty pieces', () => {
    expect(splitSql('select 1;\n\n select 2 ;;')).toEqual([
      'select 1',
      'select 2',
    ]);
  });

  test('keeps semicolons inside strings, identifiers and dollar quotes', () => {
    const script = [
      "select 'a;b', 'it''s;'",
      'select "odd;name" from t',
      'create function f() returns int language sql as $fn$ select 1; $fn$',
      'do $$ begin perform 1; end $$',
    ].join(';\n');
    expect(splitSql(script)).toEqual([
      "select 'a;b', 'it''s;'",
      'select "odd;name" from t',
      'create function f() returns int language sql as $fn$ select 1; $fn$',
      'do $$ begin perform 1; end $$',
    ]);
  });

  test('keeps semicolons inside comments and drops comment-only pieces', () => {
    const script = `-- header; grain
select 1; /* a; /* nested; */ still comment; */ select 2;
-- trailing; comment only`;
    expect(splitSql(script)).toEqual([
      '-- header; grain\nselect 1',
      '/* a; /* nested; */ still comment; */ select 2',
    ]);
  });

  test('understands backslash escapes in E strings only', () => {
    expect(splitSql("select E'a\\';b'; select 'c\\'; select 3")).toEqual([
      "select E'a\\';b'",
      "select 'c\\'",
      'select 3',
    ]);
  });

  test('positional parameters are not taken for dollar quotes', () => {
    expect(splitSql('select $1; select $2')).toEqual([
      'select $1',
      'select $2',
    ]);
  });
});

describe('rewriting placeholders for the Data API', () => {
  test('turns $n into :pn in code only', () => {
    expect(
      toNamedParameters(
        'select $1::int, \'$2\', "$3", $$ $4 $$ -- $5\n, $10 /* $6 */',
      ),
    ).toBe('select :p1::int, \'$2\', "$3", $$ $4 $$ -- $5\n, :p10 /* $6 */');
  });

  test('a rewrite that changes nothing gives the input back', () => {
    const sql = 'select \'x\' -- y\n/* z */ from "t"';
    expect(mapSqlCode(sql, (code) => code)).toBe(sql);
  });
});
