import { packDayStepwise } from '../../src/generator/day';
import { checkHeapBudget } from '../../src/generator/backfill';
import { RAW_COLUMNS, generateDay } from '../../src/generator/index';
import type { RawEventInput } from '../../src/generator/index';

const options = {
  seed: 11,
  day: '2026-05-02',
  config: { eventsPerDay: 4_000, spike: { rate: 1, minutes: 30 } },
};

describe('packed backfill days', () => {
  test('hold generateDay’s events value for value, in the same order', async () => {
    const plain = generateDay(options);
    const packed = await packDayStepwise(options);
    const unpacked = packed.rows.map((row) => {
      const event: Record<string, unknown> = {};
      RAW_COLUMNS.forEach((column, index) => (event[column] = row[index]));
      event.event_time = row[1] === null ? null : new Date(row[1] as number);
      event.ingested_at = new Date(row[13]);
      event.payload = row[12] === null ? null : JSON.parse(row[12]);
      return event as unknown as RawEventInput;
    });
    expect(unpacked).toEqual(plain.events);
    expect(packed.ledger).toEqual(plain.ledger);
    expect(plain.events.length).toBeGreaterThan(3_000);
  });

  test('keep event and session ids as lower-case UUIDs and hex tokens', async () => {
    const { rows } = await packDayStepwise(options);
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
