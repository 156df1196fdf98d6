import { csvField, isoString, toCsv } from '../../src/db/values';

/** A small seeded generator, so a failure names instants that repeat. */
function* instants(count: number): Generator<Date> {
  let state = 0x9e3779b9;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x85ebca6b) + 0x6b) >>> 0;
    return state;
  };
  for (let i = 0; i < count; i++) {
    const span = 253_402_300_799_999 + 62_135_596_800_000;
    const ms = Math.floor(
      ((next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53) * span,
    );
    yield new Date(ms - 62_135_596_800_000);
  }
}

describe('values written for COPY', () => {
  test('timestamps have the same text as toISOString over years 1 to 9999', () => {
    const mismatches: string[] = [];
    for (const date of instants(200_000)) {
      if (isoString(date) !== date.toISOString()) {
        mismatches.push(date.toISOString());
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('timestamps on the edges of days, months, leap years and epochs', () => {
    const edges = [
      '1970-01-01T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '2000-02-29T23:59:59.999Z',
      '2100-03-01T00:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
      '2027-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
    ];
    for (const text of edges) {
      expect(isoString(new Date(text))).toBe(text);
    }
  });

  test('every non-null field is quoted; null is empty; quotes are doubled', () => {
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField(12.5)).toBe('"12.5"');
    expect(csvField({ k: 'v"' })).toBe('"{""k"":""v\\""""}"');
    expect(
      toCsv([
        ['x', null],
        ['line\nbreak', 'y'],
      ]),
    ).toBe('"x",\n"line\nbreak","y"\n');
  });
});
