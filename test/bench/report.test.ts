import {
  formatCount,
  formatMs,
  formatRatio,
  markdownTable,
  transformTable,
} from '../../bench/report';
import type { SizeResult } from '../../bench/stats';

describe('markdownTable', () => {
  it('pads every cell to its column and right-aligns numeric columns', () => {
    const table = markdownTable(
      ['run', 'ms'],
      [
        ['postgres 1M', '5'],
        ['pglite', '1200'],
      ],
      [false, true],
    );

    expect(table.split('\n')).toEqual([
      '| run         |   ms |',
      '| ----------- | ---: |',
      '| postgres 1M |    5 |',
      '| pglite      | 1200 |',
    ]);
  });
});

describe('formatting', () => {
  it('shortens counts, times and ratios for the tables', () => {
    expect([
      formatCount(5_012_345),
      formatCount(33_333),
      formatCount(999),
    ]).toEqual(['5.01M', '33.3k', '999']);
    expect([
      formatMs(71_234),
      formatMs(1_234),
      formatMs(250),
      formatMs(12.34),
    ]).toEqual(['71.2 s', '1.23 s', '250 ms', '12.3 ms']);
    expect([
      formatRatio(345.6),
      formatRatio(12.34),
      formatRatio(0.256),
    ]).toEqual(['346x', '12.3x', '0.26x']);
    expect(formatMs(null)).toBe('-');
  });
});

describe('transformTable', () => {
  it('shows medians and the ratios between the designs', () => {
    const result: SizeResult = {
      engine: 'postgres',
      size: 5_000_000,
      rawRows: 5_000_000,
      backfillMs: null,
      backfillPeakRssBytes: null,
      copyMs: [],
      fullRefreshMs: [9_000, 10_000, 11_000],
      incrementalMs: [300, 100, 200],
      incrementalRows: [500, 600, 700],
      baselineMs: [70_000, 80_000, 60_000],
      errors: [],
    };

    const lastLine = transformTable([result]).split('\n')[2];

    expect(lastLine?.split('|').map((cell) => cell.trim())).toEqual([
      '',
      'postgres 5M',
      '200 ms',
      '600',
      '10.0 s',
      '70.0 s',
      '350x',
      '0.14x',
      '',
    ]);
  });
});
