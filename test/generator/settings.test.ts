import { jest } from '@jest/globals';

import { main } from '../../src/cli';
import { ConfigError } from '../../src/db/errors';
import {
  configFromEnv,
  DEFAULT_SEED,
  parseDays,
  parseSeed,
  resolveSeed,
} from '../../src/generator/index';

describe('generator settings from flags and the environment', () => {
  test.each(['-1', '1.5', '3651', 'abc', '', '7d', '1e3'])(
    '--days %j is refused with one line',
    (text) => {
      expect(() => parseDays(text)).toThrow(ConfigError);
      expect(() => parseDays(text)).toThrow(
        `bad --days "${text}": use a whole number of days from 0 to 3650`,
      );
    },
  );

  test.each([
    ['0', 0],
    ['7', 7],
    ['3650', 3650],
  ])('--days %s is %d days', (text, days) => {
    expect(parseDays(text)).toBe(days);
  });

  test.each(['-1', '4294967296', '0x10', 'seed'])(
    '--seed %j is refused',
    (text) => {
      expect(() => parseSeed(text)).toThrow(ConfigError);
    },
  );

  test('the seed comes from the flag, else PIPELINE_SEED, else the default', () => {
    expect(resolveSeed('5', { PIPELINE_SEED: '9' })).toBe(5);
    expect(resolveSeed(undefined, { PIPELINE_SEED: '9' })).toBe(9);
    expect(resolveSeed(undefined, {})).toBe(DEFAULT_SEED);
    expect(() => resolveSeed(undefined, { PIPELINE_SEED: '-2' })).toThrow(
      'bad PIPELINE_SEED "-2"',
    );
  });

  test('PIPELINE_GENERATOR_CONFIG and PIPELINE_EVENTS_PER_DAY set the config', () => {
    const config = configFromEnv({
      PIPELINE_GENERATOR_CONFIG: '{"outage":{"rate":1,"minutes":20}}',
      PIPELINE_EVENTS_PER_DAY: '500',
    });
    expect(config.outage).toMatchObject({ rate: 1, minutes: 20 });
    expect(config.eventsPerDay).toBe(500);
    expect(() => configFromEnv({ PIPELINE_GENERATOR_CONFIG: '[1]' })).toThrow(
      'PIPELINE_GENERATOR_CONFIG must be a JSON object',
    );
    expect(() =>
      configFromEnv({ PIPELINE_GENERATOR_CONFIG: '{"late": 2}' }),
    ).toThrow('bad generator setting late');
  });
});

describe('pipeline backfill and generate with bad input', () => {
  let written: string[];

  beforeEach(() => {
    written = [];
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  test.each([
    [['backfill', '--days', '-1'], 'bad --days "-1"'],
    [['backfill', '--days', '99999'], 'bad --days "99999"'],
    [['backfill', '--days', '2.5'], 'bad --days "2.5"'],
    [['backfill', '--seed', 'abc'], 'bad --seed "abc"'],
    [['generate', '--seed', '-5'], 'bad --seed "-5"'],
    [['generate', '--events-per-day', 'many'], 'bad --events-per-day "many"'],
  ])('%j exits 2 with one line naming the input', async (args, message) => {
    const code = await main([
      'node',
      'pipeline',
      '--data-dir',
      '/nonexistent/x',
      ...args,
    ]);
    expect(code).toBe(2);
    expect(written).toHaveLength(1);
    expect(written[0]).toContain(message);
    expect(written[0]!.trim().split('\n')).toHaveLength(1);
  });
});
