import { jest } from '@jest/globals';

import { generateDay } from '../../src/generator/index';

const small = { eventsPerDay: 3_000 };

describe('generateDay determinism', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('the same seed and day give the same events and ledger twice', () => {
    const first = generateDay({ seed: 7, day: '2026-03-14', config: small });
    const second = generateDay({ seed: 7, day: '2026-03-14', config: small });
    expect(second).toEqual(first);
    expect(first.events.length).toBeGreaterThan(2_000);
  });

  test('different seeds give different events for the same day', () => {
    const a = generateDay({ seed: 1, day: '2026-03-14', config: small });
    const b = generateDay({ seed: 2, day: '2026-03-14', config: small });
    const idsOfA = new Set(a.events.map((event) => event.event_id));
    const shared = b.events.filter((event) => idsOfA.has(event.event_id));
    expect(shared.filter((event) => event.event_id !== null)).toEqual([]);
  });

  test('different days of one seed differ', () => {
    const a = generateDay({ seed: 1, day: '2026-03-14', config: small });
    const b = generateDay({ seed: 1, day: '2026-03-15', config: small });
    expect(b.events[0]?.event_id).not.toEqual(a.events[0]?.event_id);
  });

  test('a complete day does not depend on the wall clock or on earlier calls', () => {
    jest.useFakeTimers({ now: new Date('2026-03-15T08:00:00Z') });
    const early = generateDay({ seed: 3, day: '2026-03-14', config: small });
    generateDay({ seed: 9, day: '2026-01-01', config: small });
    jest.setSystemTime(new Date('2031-07-01T23:59:00Z'));
    const late = generateDay({ seed: 3, day: '2026-03-14', config: small });
    expect(late).toEqual(early);
  });

  test('turning on a spike leaves the rest of the day as it was', () => {
    const config = { ...small, faults: { duplicate: 0 } };
    const plain = generateDay({ seed: 5, day: '2026-03-14', config });
    const spiked = generateDay({
      seed: 5,
      day: '2026-03-14',
      config: { ...config, spike: { days: ['2026-03-14'], startMinute: 600 } },
    });
    const before = (events: typeof plain.events) =>
      events
        .filter((event) => event.ingested_at < new Date('2026-03-14T10:00Z'))
        .map((event) => event.event_id);
    // Faults are drawn over the whole day, so compare ids, not contents.
    const spikedIds = new Set(spiked.events.map((event) => event.event_id));
    const kept = before(plain.events).filter((id) => spikedIds.has(id));
    expect(kept.length).toBeGreaterThan(before(plain.events).length * 0.99);
  });
});
