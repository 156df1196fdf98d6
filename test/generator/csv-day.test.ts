import { parse } from 'csv-parse/sync';

import { CsvDayBuilder, keptRuns } from '../../src/generator/csv-day';
import { encodeDayStepwise } from '../../src/generator/day';
import { checkHeapBudget } from '../../src/generator/backfill';
import { RAW_COLUMNS, generateDay } from '../../src/generator/index';
import type { RawEventInput } from '../../src/generator/index';
import { draftOf } from '../support/drafts';

const options = {
  seed: 11,
  day: '2026-05-02',
  config: { eventsPerDay: 4_000, spike: { rate: 1, minutes: 30 } },
};

/** CSV as COPY reads it, by a parser of its own: '' unquoted is null. */
function readCsv(bytes: Uint8Array): (string | null)[][] {
  return parse(Buffer.from(bytes).toString('utf8'), {
    cast: (value, context) => (context.quoting || value !== '' ? value : null),
  }) as (string | null)[][];
}

/** An event as the text COPY would be given for each of its columns. */
function asText(event: RawEventInput): (string | null)[] {
  return RAW_COLUMNS.map((column) => {
    const value = event[column];
    if (value === null) return null;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  });
}

const PAYLOAD = RAW_COLUMNS.indexOf('payload');

/** `row` holds `event`; the payload's JSON may order its keys its own way. */
function expectRow(row: (string | null)[], event: RawEventInput): void {
  const json = row[PAYLOAD];
  expect(json === null || json === undefined ? null : JSON.parse(json)).toEqual(
    event.payload,
  );
  const others = (values: (string | null)[]) =>
    values.filter((_, index) => index !== PAYLOAD);
  expect(others(row)).toEqual(others(asText(event)));
}

describe('CSV-encoded backfill days', () => {
  test('hold generateDay’s events value for value, in the same order', async () => {
    const plain = generateDay(options);
    const encoded = await encodeDayStepwise(options);
    const rows = readCsv(encoded.csv.bytes);
    expect(rows).toHaveLength(plain.events.length);
    rows.forEach((row, i) => expectRow(row, plain.events[i]!));
    expect(encoded.ledger).toEqual(plain.ledger);
    expect(plain.events.length).toBeGreaterThan(3_000);
  });

  test('know where each row’s line ends and when it arrives', async () => {
    const plain = generateDay(options);
    const { csv } = await encodeDayStepwise(options);
    expect(csv.rows).toBe(plain.events.length);
    for (const i of [0, 1, 17, csv.rows - 1]) {
      const from = i === 0 ? 0 : csv.ends[i - 1]!;
      const lines = readCsv(csv.bytes.subarray(from, csv.ends[i]));
      expect(lines).toHaveLength(1);
      expectRow(lines[0]!, plain.events[i]!);
    }
    expect(csv.ends[csv.rows - 1]).toBe(csv.bytes.length);
    csv.arrivals.forEach((at, i) =>
      expect(Math.trunc(at)).toBe(plain.events[i]!.ingested_at.getTime()),
    );
  });

  test('give the rows a filter keeps as slices, one per run, in order', async () => {
    const plain = generateDay(options);
    const { csv } = await encodeDayStepwise(options);
    // Whole milliseconds: a row's stored ingested_at is its arrival cut
    // to the millisecond, so both sides of each bound agree.
    const first = plain.events[0]!.ingested_at.getTime();
    const hour = 3_600_000;
    // Two gaps: the rows of hours 2 to 5 and everything after hour 20.
    const keep = (at: number) =>
      (at < first + 2 * hour || at >= first + 5 * hour) &&
      at < first + 20 * hour;
    const runs = keptRuns(csv, keep);
    expect(runs).toHaveLength(2);
    const kept = runs.flatMap((run) => {
      const rows = readCsv(run.bytes);
      expect(rows).toHaveLength(run.rows);
      return rows.map((row) => row[0]);
    });
    const expected = plain.events
      .filter((event) => keep(event.ingested_at.getTime()))
      .map((event) => event.event_id);
    expect(kept).toEqual(expected);
    expect(expected.length).toBeGreaterThan(1_000);
    expect(keptRuns(csv, () => false)).toEqual([]);
    expect(keptRuns(csv, () => true)).toEqual([
      { bytes: csv.bytes, rows: csv.rows },
    ]);
  });

  test('keep every kind of value apart, and grow past a first guess at their size', () => {
    const long = 'Zoë ☕ 𝄞 "q", line\nbreak '.repeat(200);
    const builder = new CsvDayBuilder(3);
    builder.add(draftOf({ arrivalMs: 1_746_144_000_123.7 }));
    builder.add(
      draftOf({
        event_id: '',
        eventMs: 1_746_144_000_000,
        user_id: 0,
        event_name: ' "view" ',
        price: '-1.50',
        payload: { note: long, n: [1, null] },
        arrivalMs: 1_746_144_001_000,
      }),
    );
    builder.add(draftOf({ region: 'a,b', arrivalMs: 1_746_144_002_000 }));
    const day = builder.done();
    const rows = readCsv(day.bytes);
    const empty = Array<null>(14).fill(null);
    expect(rows).toEqual([
      Object.assign([...empty], { 13: '2025-05-02T00:00:00.123Z' }),
      Object.assign([...empty], {
        0: '',
        1: '2025-05-02T00:00:00.000Z',
        2: '0',
        4: ' "view" ',
        6: '-1.50',
        12: JSON.stringify({ note: long, n: [1, null] }),
        13: '2025-05-02T00:00:01.000Z',
      }),
      Object.assign([...empty], { 9: 'a,b', 13: '2025-05-02T00:00:02.000Z' }),
    ]);
    expect(day.bytes.length).toBeGreaterThan(3 * 400);
    expect([...day.arrivals]).toEqual([
      1_746_144_000_123.7, 1_746_144_001_000, 1_746_144_002_000,
    ]);
    expect(() => builder.add(draftOf({}))).toThrow(
      'a CsvDay made for 3 rows is full',
    );
  });

  test('keep event and session ids as lower-case UUIDs and hex tokens', async () => {
    const rows = readCsv((await encodeDayStepwise(options)).csv.bytes);
    const ids = rows.map((row) => row[0]).filter((id) => id !== null);
    const sessions = rows.map((row) => row[3]).filter((id) => id !== null);
    expect(ids.length).toBeGreaterThan(3_000);
    for (const id of ids) {
      expect(id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
    expect(sessions.every((id) => /^s-[0-9a-f]{16}$/.test(id!))).toBe(true);
  });
});

describe('the backfill heap budget', () => {
  const mb = 2 ** 20;

  test('lets the 5M benchmark’s days through under the command line’s limit', () => {
    expect(() => checkHeapBudget(166_667, 432 * mb)).not.toThrow();
  });

  test('refuses days that cannot fit, naming the size and the fix', () => {
    expect(() => checkHeapBudget(1_000_000, 432 * mb)).toThrow(
      /^a backfill of 1000000 events a day needs about \d+ MB of heap and this process may use 432 MB; lower --events-per-day or raise the limit with NODE_OPTIONS=--max-old-space-size=\d+$/,
    );
  });

  test('suggests a limit that the same days then fit in', () => {
    let message = '';
    try {
      checkHeapBudget(1_000_000, 432 * mb);
    } catch (error) {
      message = (error as Error).message;
    }
    const suggested = Number(/max-old-space-size=(\d+)/.exec(message)?.[1]);
    expect(() => checkHeapBudget(1_000_000, suggested * mb)).not.toThrow();
  });
});
