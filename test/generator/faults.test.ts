import { ConfigError } from '../../src/db/errors';
import {
  DEFAULT_CONFIG,
  generateDay,
  ROW_FAULT_KINDS,
  type GeneratedDay,
  type LedgerEntry,
} from '../../src/generator/index';

const DAY = '2026-05-20';
const noFaults = Object.fromEntries(ROW_FAULT_KINDS.map((kind) => [kind, 0]));

const kinds = (ledger: readonly LedgerEntry[]) =>
  new Set(ledger.map((entry) => entry.kind));

const arrivals = (day: GeneratedDay, from: string, to: string) =>
  day.events.filter(
    (event) =>
      event.ingested_at >= new Date(from) && event.ingested_at < new Date(to),
  );

describe('fault injection on a normal day', () => {
  let day: GeneratedDay;

  beforeAll(() => {
    day = generateDay({ seed: 42, day: DAY });
  });

  test('every row fault kind occurs with the default rates', () => {
    expect([...kinds(day.ledger)].sort()).toEqual([...ROW_FAULT_KINDS].sort());
  });

  test('outages and spikes are off by default', () => {
    expect(kinds(day.ledger).has('outage')).toBe(false);
    expect(kinds(day.ledger).has('spike')).toBe(false);
  });

  test('each entry marks one row, and no row has two entries', () => {
    const rowKey = (id: unknown, at: unknown) => `${id}|${at}`;
    const rows = new Set(
      day.events.map((e) => rowKey(e.event_id, e.ingested_at.toISOString())),
    );
    const marked = day.ledger.map((entry) =>
      rowKey(entry.event_id, entry.details.ingested_at),
    );
    expect(marked.filter((key) => !rows.has(key))).toEqual([]);
    expect(new Set(marked).size).toBe(marked.length);
  });

  test('fault counts follow their rates', () => {
    const count = (kind: string) =>
      day.ledger.filter((entry) => entry.kind === kind).length;
    const events = day.events.length;
    // Shares of all events; about 20,000 of them, so about 40 at 0.002.
    expect(Math.abs(count('invalid_event_name') - 0.002 * events)).toBeLessThan(
      3,
    );
    expect(Math.abs(count('duplicate') - 0.005 * events)).toBeLessThan(5);
    expect(Math.abs(count('missing_required') - 0.001 * events)).toBeLessThan(
      2,
    );
    const purchases = day.events.filter((e) => e.event_name === 'purchase');
    // Purchases left with a name (the faulty ones among them included).
    expect(
      Math.abs(count('purchase_without_price') - 0.02 * purchases.length),
    ).toBeLessThan(2);
  });

  test('a missing required field nulls exactly that column', () => {
    const missing = day.ledger.filter((e) => e.kind === 'missing_required');
    for (const entry of missing) {
      const row = day.events.find(
        (e) =>
          e.ingested_at.toISOString() === entry.details.ingested_at &&
          e.session_id === entry.details.session_id,
      );
      const column = entry.details.column as string;
      expect(row?.[column as 'event_id']).toBeNull();
    }
    const columns = new Set(missing.map((e) => e.details.column));
    expect(columns.size).toBeGreaterThan(2);
  });

  test('a resend repeats its first copy seconds to minutes later', () => {
    const resends = day.ledger.filter((e) => e.kind === 'duplicate');
    for (const entry of resends) {
      const copies = day.events.filter((e) => e.event_id === entry.event_id);
      expect(copies).toHaveLength(2);
      const [first, again] = copies as [(typeof copies)[0], (typeof copies)[0]];
      const gap = again.ingested_at.getTime() - first.ingested_at.getTime();
      expect(gap).toBeGreaterThanOrEqual(5_000);
      expect(gap).toBeLessThanOrEqual(600_000);
      expect({ ...again, ingested_at: null }).toEqual({
        ...first,
        ingested_at: null,
      });
    }
  });

  test('late rows arrive hours after they happened; future rows are dated ahead', () => {
    const byId = new Map(day.events.map((e) => [e.event_id, e]));
    for (const entry of day.ledger.filter((e) => e.kind === 'late')) {
      const row = byId.get(entry.event_id)!;
      const late = row.ingested_at.getTime() - row.event_time!.getTime();
      expect(late).toBeGreaterThanOrEqual(3_600_000);
    }
    for (const entry of day.ledger.filter(
      (e) => e.kind === 'future_event_time',
    )) {
      const row = byId.get(entry.event_id)!;
      const ahead = row.event_time!.getTime() - row.ingested_at.getTime();
      expect(ahead).toBeGreaterThan(5 * 60_000);
      expect(entry.day).toBe(row.event_time!.toISOString().slice(0, 10));
    }
  });

  test('with every rate at 0 the ledger is empty', () => {
    const clean = generateDay({
      seed: 42,
      day: DAY,
      config: { eventsPerDay: 2_000, faults: noFaults },
    });
    expect(clean.ledger).toEqual([]);
    expect(clean.events.length).toBeGreaterThan(1_500);
  });
});

describe('outages and spikes', () => {
  const small = { eventsPerDay: 4_000 };

  test('an outage leaves no arrivals in its window and says so in the ledger', () => {
    const day = generateDay({
      seed: 3,
      day: DAY,
      config: {
        ...small,
        outage: { days: [DAY], startMinute: 600, minutes: 45 },
      },
    });
    const plain = generateDay({ seed: 3, day: DAY, config: small });
    const from = `${DAY}T10:00:00.000Z`;
    const to = `${DAY}T10:45:00.000Z`;
    expect(arrivals(day, from, to)).toEqual([]);
    const dropped = arrivals(plain, from, to).length;
    expect(dropped).toBeGreaterThan(50);
    expect(day.ledger.filter((e) => e.kind === 'outage')).toEqual([
      {
        kind: 'outage',
        event_id: null,
        day: DAY,
        details: { from, to, minutes: 45, dropped_rows: dropped },
      },
    ]);
  });

  test('a resend whose first copy fell into an outage is no longer a duplicate', () => {
    const day = generateDay({
      seed: 3,
      day: DAY,
      config: {
        ...small,
        faults: { duplicate: 0.2 },
        outage: { days: [DAY], startMinute: 600, minutes: 45 },
      },
    });
    const seen = new Set(day.events.map((event) => event.event_id));
    const resends = day.ledger.filter((e) => e.kind === 'duplicate');
    const rowsRepeated = day.events.length - seen.size;
    expect(resends).toHaveLength(rowsRepeated);
  });

  test('a spike multiplies the arrivals in its window by its factor', () => {
    const config = {
      ...small,
      spike: { days: [DAY], startMinute: 1020, factor: 5 },
    };
    const spiked = generateDay({ seed: 4, day: DAY, config });
    const plain = generateDay({ seed: 4, day: DAY, config: small });
    const from = `${DAY}T17:00:00.000Z`;
    const to = `${DAY}T17:30:00.000Z`;
    const ratio =
      arrivals(spiked, from, to).length / arrivals(plain, from, to).length;
    expect(ratio).toBeGreaterThan(4.5);
    expect(ratio).toBeLessThan(5.5);
    const entry = spiked.ledger.find((e) => e.kind === 'spike');
    expect(entry?.details).toMatchObject({ from, to, factor: 5 });
  });

  test('a rate of 1 puts a window on every day, at a time drawn per day', () => {
    const starts = ['2026-05-20', '2026-05-21', '2026-05-22'].map((d) => {
      const day = generateDay({
        seed: 4,
        day: d,
        config: { eventsPerDay: 500, outage: { rate: 1, minutes: 10 } },
      });
      const entry = day.ledger.find((e) => e.kind === 'outage');
      return String(entry?.details.from).slice(11);
    });
    expect(starts.every((start) => start !== 'undefined')).toBe(true);
    expect(new Set(starts).size).toBe(3);
  });
});

describe('generator settings', () => {
  test.each([
    [{ eventsPerDay: -1 }, 'eventsPerDay'],
    [{ faults: { negative_price: 1.5 } }, 'faults.negative_price'],
    [{ faults: { typo: 0.1 } }, 'faults'],
    [{ platforms: { tv: 1 } }, 'platforms'],
    [{ outage: { minutes: 0 } }, 'outage.minutes'],
    [{ spike: { days: ['2026-02-30'] } }, 'spike.days'],
    [{ colour: 'blue' }, 'colour'],
  ])('rejects %j naming %s', (config, setting) => {
    const run = () =>
      generateDay({ seed: 1, day: DAY, config: config as never });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(`bad generator setting ${setting}`);
  });

  test('rejects a day that is not a UTC date', () => {
    expect(() => generateDay({ seed: 1, day: '20-05-2026' })).toThrow(
      'bad day "20-05-2026"',
    );
  });

  test('the defaults are what the docs promise', () => {
    expect(DEFAULT_CONFIG.eventsPerDay).toBe(20_000);
    expect(DEFAULT_CONFIG.outage.rate).toBe(0);
    expect(DEFAULT_CONFIG.spike.rate).toBe(0);
  });
});
