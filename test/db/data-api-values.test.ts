import {
  fromField,
  parseDataApiTimestamp,
  toDataApiTimestamp,
  toSqlParameter,
} from '../../src/db/data-api-values';
import { typed } from '../../src/db/database';

describe('Data API values', () => {
  test('timestamps go out as UTC text with milliseconds', () => {
    expect(toDataApiTimestamp(new Date('2026-01-02T03:04:05.678Z'))).toBe(
      '2026-01-02 03:04:05.678',
    );
    expect(toDataApiTimestamp('2026-01-02T05:04:05+02:00')).toBe(
      '2026-01-02 03:04:05.000',
    );
    expect(() => toDataApiTimestamp('yesterday')).toThrow(
      '"yesterday" is not a timestamp',
    );
  });

  test('timestamps come back as Dates, microseconds cut to milliseconds', () => {
    expect(parseDataApiTimestamp('2026-01-02 03:04:05.678901')).toEqual(
      new Date('2026-01-02T03:04:05.678Z'),
    );
    expect(parseDataApiTimestamp('2026-01-02 03:04:05')).toEqual(
      new Date('2026-01-02T03:04:05.000Z'),
    );
    expect(parseDataApiTimestamp('2026-01-02 03:04:05.5+02')).toEqual(
      new Date('2026-01-02T01:04:05.500Z'),
    );
  });

  test('parameters carry the hint their type needs', () => {
    expect(toSqlParameter('p1', typed('numeric', '1.50'))).toEqual({
      name: 'p1',
      typeHint: 'DECIMAL',
      value: { stringValue: '1.50' },
    });
    expect(
      toSqlParameter('p2', typed('date', new Date('2026-03-01T00:00:00Z'))),
    ).toEqual({
      name: 'p2',
      typeHint: 'DATE',
      value: { stringValue: '2026-03-01' },
    });
    expect(toSqlParameter('p3', typed('uuid', null))).toEqual({
      name: 'p3',
      value: { isNull: true },
    });
    expect(toSqlParameter('p4', 2 ** 53)).toEqual({
      name: 'p4',
      value: { doubleValue: 2 ** 53 },
    });
    expect(toSqlParameter('p5', { a: 1 } as never)).toEqual({
      name: 'p5',
      typeHint: 'JSON',
      value: { stringValue: '{"a":1}' },
    });
  });

  test('array results become JS arrays, nested ones too', () => {
    expect(
      fromField(
        { arrayValue: { stringValues: ['a', 'b'] } },
        { typeName: '_text' },
      ),
    ).toEqual(['a', 'b']);
    expect(
      fromField(
        {
          arrayValue: {
            arrayValues: [{ longValues: [1, 2] }, { longValues: [3] }],
          },
        },
        { typeName: '_int8' },
      ),
    ).toEqual([[1, 2], [3]]);
  });

  test('an int8 beyond 2^53 is refused rather than rounded', () => {
    expect(() =>
      fromField({ stringValue: '9007199254740993' }, { typeName: 'int8' }),
    ).toThrow(RangeError);
  });
});
