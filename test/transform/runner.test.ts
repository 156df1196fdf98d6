import type { Logger } from '../../src/log';
import { projectSchemaTests } from '../../src/transform';
import { TRANSFORM_LOCK_KEY, runTransform } from '../../src/transform/runner';
import { describeEachEngine } from '../support/engines';
import { RandomEvents } from './random-events';
import {
  insertRaw,
  rawEvent,
  readIncrementalState,
  resetDatabase,
  uuid,
} from './support';

const NOW = new Date('2026-03-10T12:30:00Z');

/** A logger that calls `onWarn` on each warning and drops the rest. */
function warnSpy(onWarn: () => void): Logger {
  const noop = () => undefined;
  const logger = {
    debug: noop,
    info: noop,
    error: noop,
    warn: onWarn,
    child: () => logger,
  };
  return logger as unknown as Logger;
}

describeEachEngine('transform runner', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test('an overlapping run skips, is recorded as skipped and changes nothing', async () => {
    await insertRaw(db(), [rawEvent({ event_id: uuid(1) })]);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holder = db().transactionWithLock(TRANSFORM_LOCK_KEY, async () => {
      entered();
      await held;
    });
    await inside;

    // The holder lets go once the second run has seen the lock taken.
    const skipped = await runTransform(db(), {
      now: NOW,
      log: warnSpy(() => release()),
    });
    await holder;

    expect(skipped.status).toBe('skipped');
    expect(skipped.rows_read).toBe(0);
    const { rows } = await db().query(
      'select status, rows_read, watermark_from, error from dq.transform_runs',
    );
    expect(rows).toEqual([
      { status: 'skipped', rows_read: 0, watermark_from: null, error: null },
    ]);
    const marts = await db().query(
      'select count(*) as n from mart.daily_metrics',
    );
    expect(marts.rows[0]).toEqual({ n: 0 });

    const next = await runTransform(db(), { now: NOW });
    expect(next.status).toBe('ok');
    expect(next.rows_read).toBe(1);
  });

  test('a failing step rolls the whole run back and is recorded with its SQL file', async () => {
    await insertRaw(
      db(),
      new RandomEvents(51).batch({ size: 40, arrivedAt: NOW, sentIds: [] }),
    );
    await runTransform(db(), { now: NOW });
    const before = await readIncrementalState(db());
    await insertRaw(
      db(),
      new RandomEvents(52).batch({ size: 40, arrivedAt: NOW, sentIds: [] }),
    );
    await db().exec(
      'alter table mart.daily_metrics add constraint test_no_rows check (dau < 0) not valid',
    );

    try {
      const failed = await runTransform(db(), { now: NOW });

      expect(failed.status).toBe('failed');
      expect(failed.error).toContain('sql/mart/daily_metrics.sql');
      expect(await readIncrementalState(db())).toEqual(before);
      const { rows } = await db().query(
        'select run_id, status, error from dq.transform_runs order by run_id',
      );
      expect(rows.map((row) => row.status)).toEqual(['ok', 'failed']);
      expect(rows[1]).toMatchObject({ run_id: failed.run_id });
      expect(String(rows[1]?.error)).toContain('sql/mart/daily_metrics.sql');
      const snapshots = await db().query(
        'select run_id from dq.status_snapshots',
      );
      expect(snapshots.rows).toHaveLength(1);
    } finally {
      await db().exec(
        'alter table mart.daily_metrics drop constraint test_no_rows',
      );
    }

    const retried = await runTransform(db(), { now: NOW });
    expect(retried.status).toBe('ok');
    expect(retried.rows_read).toBe(40);
  });

  test('records each run with its window of raw ids and per-step timings', async () => {
    await insertRaw(
      db(),
      new RandomEvents(53).batch({ size: 25, arrivedAt: NOW, sentIds: [] }),
    );

    const result = await runTransform(db(), { now: NOW });

    const { rows } = await db().query(`
      select status, is_full_refresh, rows_read, watermark_from, watermark_to,
          started_at, steps
      from dq.transform_runs`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'ok',
      is_full_refresh: false,
      rows_read: 25,
      watermark_from: 0,
      watermark_to: 25,
      started_at: NOW,
    });
    const steps = rows[0]?.steps as { step: string; duration_ms: number }[];
    expect(steps.map((s) => s.step)).toEqual(result.steps.map((s) => s.step));
    expect(steps.map((s) => s.step)).toEqual(
      expect.arrayContaining(['batch_events', 'daily_metrics', 'dq_daily']),
    );
    for (const step of steps)
      expect(step.duration_ms).toBeGreaterThanOrEqual(0);
  });

  test('appends one result per declared schema test per run, all passing on good data', async () => {
    await insertRaw(
      db(),
      new RandomEvents(54).batch({ size: 60, arrivedAt: NOW, sentIds: [] }),
    );
    const declared = projectSchemaTests().tests;

    const first = await runTransform(db(), { now: NOW });
    const second = await runTransform(db(), { now: NOW });

    const { rows } = await db().query<{
      run_id: number;
      n: number;
      failed: number;
    }>(`
      select run_id, count(*) as n,
          count(*) filter (where not passed and severity = 'error') as failed
      from dq.test_results
      group by run_id
      order by run_id`);
    expect(rows).toEqual([
      { run_id: first.run_id, n: declared.length, failed: 0 },
      { run_id: second.run_id, n: declared.length, failed: 0 },
    ]);
  });

  test('a failing schema test marks the DQ status failed without failing the run', async () => {
    await insertRaw(db(), [
      rawEvent({ event_id: uuid(1), event_name: 'purchase', price: '5.00' }),
    ]);
    await runTransform(db(), { now: NOW });
    // Corrupt the funnel so daily_metrics takes an impossible purchaser
    // count when the day is touched again.
    await db().exec('update mart.funnel_daily set users_purchase = 99');
    await insertRaw(db(), [rawEvent({ event_id: uuid(2), user_id: 2 })]);

    const result = await runTransform(db(), { now: NOW });

    expect(result.status).toBe('ok');
    expect(result.overall_pass).toBe(false);
    expect(result.failed_checks).toContain('schema_tests');
    const { rows } = await db().query(
      `
      select test_name
      from dq.test_results
      where run_id = $1 and not passed
      order by test_name`,
      [result.run_id],
    );
    expect(rows.map((row) => row.test_name)).toEqual(
      expect.arrayContaining([
        'daily_metrics.dau_ge_purchasers',
        'daily_metrics.orders_ge_purchasers',
      ]),
    );
  });

  test('prunes history older than the retention', async () => {
    const old = new Date(NOW.getTime() - 31 * 86_400_000);
    const recent = new Date(NOW.getTime() - 29 * 86_400_000);
    await runTransform(db(), { now: old });
    await runTransform(db(), { now: recent });

    await runTransform(db(), { now: NOW });

    const counts = await db().query(
      `
      select
          (select count(*) from dq.transform_runs where started_at < $1) as runs,
          (select count(*) from dq.status_snapshots where check_ts < $1) as snaps,
          (select count(*) from dq.test_results where tested_at < $1) as tests,
          (select count(*) from dq.transform_runs) as runs_kept`,
      [new Date(NOW.getTime() - 30 * 86_400_000)],
    );
    expect(counts.rows[0]).toEqual({
      runs: 0,
      snaps: 0,
      tests: 0,
      runs_kept: 2,
    });
  });

  test('a smaller retention from the config prunes more', async () => {
    await runTransform(db(), { now: new Date(NOW.getTime() - 3 * 86_400_000) });

    await runTransform(db(), { now: NOW, quality: { retentionDays: 2 } });

    const { rows } = await db().query(
      'select count(*) as n from dq.transform_runs',
    );
    expect(rows[0]).toEqual({ n: 1 });
  });
});
