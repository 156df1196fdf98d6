import {
  evaluateTargets,
  median,
  MIB,
  rate,
  ratio,
  type SizeResult,
} from '../../bench/stats';

function result(overrides: Partial<SizeResult>): SizeResult {
  return {
    engine: 'postgres',
    size: 1_000_000,
    rawRows: 1_000_000,
    backfillMs: 10_000,
    backfillPeakRssBytes: 200 * MIB,
    copyMs: [5_000],
    fullRefreshMs: [1_000],
    incrementalMs: [50],
    incrementalRows: [500],
    baselineMs: [10_000],
    errors: [],
    ...overrides,
  };
}

describe('median', () => {
  it('takes the middle value of an odd count whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });
});

describe('ratio and rate', () => {
  it('divides, and is null for a missing or zero denominator', () => {
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
  });

  it('turns rows and milliseconds into rows per second', () => {
    expect(rate(5_000, 2_000)).toBe(2_500);
    expect(rate(5_000, null)).toBeNull();
  });
});

describe('evaluateTargets', () => {
  it('judges the largest PostgreSQL size and flatness against the smallest', () => {
    const targets = evaluateTargets([
      result({ engine: 'pglite', incrementalMs: [1] }),
      result({
        size: 5_000_000,
        rawRows: 5_000_000,
        backfillMs: 100_000,
        backfillPeakRssBytes: 600 * MIB,
        copyMs: [40_000, 30_000, 20_000],
        fullRefreshMs: [20_000],
        incrementalMs: [100, 60, 70],
        baselineMs: [70_000],
      }),
      result({ incrementalMs: [40, 60, 50] }),
    ]);

    expect(
      targets.map(({ name, measured, pass }) => ({ name, measured, pass })),
    ).toEqual([
      { name: 'original run / incremental run', measured: 1000, pass: true },
      {
        name: 'incremental at largest / at smallest size',
        measured: expect.closeTo(1.4, 9),
        pass: true,
      },
      {
        name: 'full refresh / original run',
        measured: expect.closeTo(20 / 70, 9),
        pass: false,
      },
      {
        name: 'backfill rate / COPY rate',
        measured: expect.closeTo(0.3, 9),
        pass: false,
      },
      { name: 'backfill peak RSS', measured: 600, pass: false },
    ]);
  });

  it('leaves a target unjudged when its numbers are missing', () => {
    const targets = evaluateTargets([result({ baselineMs: [] })]);

    expect(targets[0]!.pass).toBeNull();
    expect(targets[1]!.measured).toBeNull();
    expect(targets[4]!.pass).toBe(true);
  });
});
