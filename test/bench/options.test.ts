import { parseBenchArgs, parseSize, parseSizes } from '../../bench/options';
import { ConfigError } from '../../src/db/errors';

describe('parseSize', () => {
  it('reads plain counts and k or M suffixes', () => {
    expect(parseSize('1000000')).toBe(1_000_000);
    expect(parseSize('250k')).toBe(250_000);
    expect(parseSize('2.5M')).toBe(2_500_000);
  });

  it('refuses words, fractions of a row and tiny sizes with one clear line', () => {
    expect(() => parseSize('lots')).toThrow(
      new ConfigError(
        '--sizes takes raw event counts from 1000 to 100000000 such as 1000000 or 5M, got "lots"',
      ),
    );
    expect(() => parseSize('10')).toThrow(ConfigError);
    expect(() => parseSize('1G')).toThrow(ConfigError);
  });
});

describe('parseSizes', () => {
  it('sorts the list and drops repeats', () => {
    expect(parseSizes('5M,1M,1000000')).toEqual([1_000_000, 5_000_000]);
  });
});

describe('parseBenchArgs', () => {
  it('defaults to 1M and 5M, three runs, PGlite at the smaller size', () => {
    const options = parseBenchArgs([]);

    expect(options).toMatchObject({
      sizes: [1_000_000, 5_000_000],
      runs: 3,
      longRuns: 3,
      tickRuns: 9,
      pgliteSize: 1_000_000,
      output: 'bench/results.md',
      days: 30,
    });
  });

  it('takes every flag', () => {
    const options = parseBenchArgs([
      '--sizes',
      '20k,40k',
      '--runs',
      '5',
      '--long-runs',
      '2',
      '--tick-runs',
      '15',
      '--database-url',
      'postgres://u@db.example:5433/x',
      '--pglite-size',
      '10k',
      '--output',
      '/tmp/out.md',
    ]);

    expect(options).toMatchObject({
      sizes: [20_000, 40_000],
      runs: 5,
      longRuns: 2,
      tickRuns: 15,
      databaseUrl: 'postgres://u@db.example:5433/x',
      pgliteSize: 10_000,
      output: '/tmp/out.md',
    });
  });

  it('skips PGlite when asked', () => {
    expect(parseBenchArgs(['--skip-pglite']).pgliteSize).toBeNull();
  });

  it('turns an unknown flag or a bad URL into a ConfigError', () => {
    expect(() => parseBenchArgs(['--size', '1M'])).toThrow(ConfigError);
    expect(() => parseBenchArgs(['--database-url', 'mysql://x'])).toThrow(
      /expected postgres:\/\//,
    );
    expect(() => parseBenchArgs(['--runs', '0'])).toThrow(
      '--runs must be a whole number from 1 to 50, got "0"',
    );
  });
});
