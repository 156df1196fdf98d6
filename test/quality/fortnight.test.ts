import {
  generateFortnights,
  judgeGenerated,
  REPORT_SEEDS,
  REPORT_START_DAY,
  type GeneratedCounts,
} from '../../src/quality/anomaly-report';
import { describeEachEngine } from '../support/engines';

const SHAPE = { startDay: REPORT_START_DAY, days: 14, trainDays: 7 };
const BUCKET_MS = 5 * 60_000;

// Generated once per seed for both engines: the SQL is what each engine
// judges.
const generated = new Map<
  number,
  { normal: GeneratedCounts; injected: GeneratedCounts }
>();
function fortnightsOf(seed: number) {
  let made = generated.get(seed);
  if (!made) {
    made = generateFortnights(seed);
    generated.set(seed, made);
  }
  return made;
}

describeEachEngine('volume anomalies on a generated fortnight', ({ db }) => {
  test.each(REPORT_SEEDS)(
    'week two of a normal fortnight raises no false alarm (seed %i)',
    async (seed) => {
      const result = await judgeGenerated(
        db(),
        fortnightsOf(seed).normal,
        SHAPE,
      );

      expect(result.judged).toBe(7 * 288);
      expect(result.flagged).toEqual([]);
    },
  );

  test.each(REPORT_SEEDS)(
    'an injected outage and a five-fold spike are flagged and nothing else is (seed %i)',
    async (seed) => {
      const fortnights = fortnightsOf(seed);
      const result = await judgeGenerated(db(), fortnights.injected, SHAPE);

      const windows = fortnights.injected.faults;
      expect(windows.map((w) => w.kind).sort()).toEqual(['outage', 'spike']);
      expect(result.faultBuckets).toBe(12);
      expect(result.falseAlarms).toEqual([]);
      // Every window is flagged from its second bucket on (persistence 2).
      for (const window of windows) {
        const flagged = result.flagged
          .map((bucket) => bucket.bucketStart.getTime())
          .filter((start) => start >= window.fromMs && start < window.toMs);
        const expected = [];
        for (
          let t = window.fromMs + BUCKET_MS;
          t < window.toMs;
          t += BUCKET_MS
        ) {
          expected.push(t);
        }
        expect(flagged).toEqual(expect.arrayContaining(expected));
      }
      expect(
        result.flagged.filter((bucket) => bucket.direction === 'spike').length,
      ).toBeGreaterThanOrEqual(5);
    },
  );
});
