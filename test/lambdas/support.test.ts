import { urlFromSecret } from '../../lambdas/support/database';
import { transformMetrics } from '../../lambdas/support/metrics';
import { eventTime } from '../../lambdas/support/scheduled-event';
import type { TransformRunResult } from '../../src/transform/index';

const run: TransformRunResult = {
  status: 'ok',
  run_id: 12,
  full_refresh: false,
  rows_read: 340,
  watermark_from: 100,
  watermark_to: 440,
  duration_ms: 812,
  steps: [],
  overall_pass: false,
  failed_checks: ['freshness'],
  backlog_rows: 0,
  error: null,
};
const at = new Date('2026-03-10T12:05:01Z');

describe('the transform metrics in Embedded Metric Format', () => {
  test('a run with a failing DQ verdict reports DqFailed 1 under its pipeline', () => {
    expect(transformMetrics(run, { pipeline: 'PulsePipeline', at })).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-03-10T12:05:01Z'),
        CloudWatchMetrics: [
          {
            Namespace: 'PulsePipeline',
            Dimensions: [['Pipeline']],
            Metrics: [
              { Name: 'TransformFailed', Unit: 'Count' },
              { Name: 'RowsRead', Unit: 'Count' },
              { Name: 'TransformDurationMs', Unit: 'Milliseconds' },
              { Name: 'DqFailed', Unit: 'Count' },
              { Name: 'BacklogRows', Unit: 'Count' },
            ],
          },
        ],
      },
      Pipeline: 'PulsePipeline',
      TransformFailed: 0,
      RowsRead: 340,
      TransformDurationMs: 812,
      DqFailed: 1,
      BacklogRows: 0,
      failed_checks: ['freshness'],
      run_id: 12,
    });
  });

  test('a passing verdict reports DqFailed 0', () => {
    const line = transformMetrics(
      { ...run, overall_pass: true, failed_checks: [] },
      { pipeline: 'p', at },
    );
    expect(line?.DqFailed).toBe(0);
  });

  test('a failed run reports TransformFailed and no DQ verdict', () => {
    const line = transformMetrics(
      {
        ...run,
        status: 'failed',
        overall_pass: null,
        backlog_rows: null,
        error: 'x',
      },
      { pipeline: 'p', at },
    );
    expect(line).toMatchObject({ TransformFailed: 1 });
    expect(line).not.toHaveProperty('DqFailed');
    expect(
      line?._aws.CloudWatchMetrics[0]?.Metrics.map((metric) => metric.Name),
    ).toEqual(['TransformFailed', 'RowsRead', 'TransformDurationMs']);
  });

  test('a skipped run emits no metrics', () => {
    expect(
      transformMetrics(
        { ...run, status: 'skipped', overall_pass: null },
        { pipeline: 'p', at },
      ),
    ).toBeNull();
  });
});

describe('reading a Postgres URL from a secret', () => {
  test('a plain URL is taken as it is', () => {
    expect(urlFromSecret(' postgres://u:p@h:5432/d \n', 's')).toBe(
      'postgres://u:p@h:5432/d',
    );
  });

  test('a JSON url field is taken', () => {
    expect(urlFromSecret('{"url":"postgresql://h/d"}', 's')).toBe(
      'postgresql://h/d',
    );
  });

  test('the RDS secret shape becomes a URL with its password escaped', () => {
    expect(
      urlFromSecret(
        JSON.stringify({
          host: 'db.local',
          port: 5433,
          username: 'pulse',
          password: 'p@ss:w/rd',
          dbname: 'pulse',
        }),
        's',
      ),
    ).toBe('postgres://pulse:p%40ss%3Aw%2Frd@db.local:5433/pulse');
  });

  test('anything else is a configuration error naming the secret', () => {
    expect(() => urlFromSecret('hunter2', 'pulse/db')).toThrow(
      /secret pulse\/db holds neither a postgres:\/\/ URL nor JSON/,
    );
    expect(() => urlFromSecret('{"user":"x"}', 'pulse/db')).toThrow(
      /secret pulse\/db has no "url"/,
    );
  });
});

describe('the time a scheduled run stands for', () => {
  test("is the rule's scheduled time", () => {
    expect(eventTime({ time: '2026-03-10T12:00:00Z' })).toEqual(
      new Date('2026-03-10T12:00:00Z'),
    );
  });

  test('is now for an event without a valid time', () => {
    const before = Date.now();
    const time = eventTime({ time: 'soon' }).getTime();
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(Date.now());
  });
});
