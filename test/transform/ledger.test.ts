import { generateDay, type LedgerEntry } from '../../src/generator';
import { runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { insertRaw, resetDatabase } from './support';

/** dq_daily counter for each ledger kind that is a counted fault. */
const COUNTER_OF_KIND: Record<string, string> = {
  invalid_event_name: 'invalid_event_name_cnt',
  negative_price: 'negative_price_cnt',
  purchase_without_price: 'purchase_without_price_cnt',
  unknown_platform: 'unknown_platform_cnt',
  unknown_region: 'unknown_region_cnt',
  unknown_source: 'unknown_source_cnt',
  future_event_time: 'future_event_time_cnt',
  duplicate: 'duplicate_cnt',
  missing_required: 'rejected_cnt',
};

function ledgerCounts(ledger: readonly LedgerEntry[]) {
  const counts = new Map<string, number>();
  for (const entry of ledger) {
    const counter = COUNTER_OF_KIND[entry.kind];
    if (!counter) continue;
    const key = `${entry.day} ${counter}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describeEachEngine('DQ counters against the generator ledger', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test.each([5, 6])(
    'every injected fault is counted once on its day (seed %i)',
    async (seed) => {
      const ledger: LedgerEntry[] = [];
      for (const day of ['2026-03-09', '2026-03-10']) {
        const generated = generateDay({
          seed,
          day,
          config: { eventsPerDay: 2000 },
        });
        await insertRaw(db(), generated.events);
        ledger.push(...generated.ledger);
      }

      await runTransform(db(), { now: new Date('2026-03-11T12:00:00Z') });

      const expected = ledgerCounts(ledger);
      // Most kinds of fault occur on both days, or the test proves little.
      expect(expected.size).toBeGreaterThan(10);
      const { rows } = await db().query<Record<string, number | string>>(
        'select * from dq.dq_daily order by dt',
      );
      const actual = new Map<string, number>();
      for (const row of rows) {
        for (const counter of Object.values(COUNTER_OF_KIND)) {
          const value = Number(row[counter]);
          if (value > 0) actual.set(`${row.dt} ${counter}`, value);
        }
      }
      expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expected));
    },
  );
});
