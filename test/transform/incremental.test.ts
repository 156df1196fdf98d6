import { readStatus, runTransform } from '../../src/transform';
import { describeEachEngine } from '../support/engines';
import { RandomEvents, seededRandom } from './random-events';
import { referenceModel } from './reference';
import {
  insertRaw,
  readIncrementalState,
  readModel,
  readRaw,
  resetDatabase,
} from './support';

const START = new Date('2026-03-10T08:00:00Z');
const BATCH_SIZES = [0, 1, 5, 30, 60, 100];

describeEachEngine('incremental transform', ({ db }) => {
  beforeEach(async () => {
    await resetDatabase(db());
  });

  test.each([21, 22, 23])(
    'random batch sequences leave every incremental table equal to a full refresh after every run (seed %i)',
    async (seed) => {
      const events = new RandomEvents(seed);
      const random = seededRandom(seed * 7919);
      const sentIds: string[] = [];
      let clock = START.getTime();

      for (let run = 0; run < 8; run += 1) {
        // Zero, one or two batches land between runs; the builder mixes
        // resends of any earlier id, late and out-of-order rows in.
        const roll = random();
        const batches = roll < 0.15 ? 0 : roll < 0.7 ? 1 : 2;
        for (let b = 0; b < batches; b += 1) {
          clock += Math.floor(random() * 3 * 3_600_000);
          const size = BATCH_SIZES[Math.floor(random() * BATCH_SIZES.length)];
          await insertRaw(
            db(),
            events.batch({
              size: size ?? 0,
              arrivedAt: new Date(clock),
              sentIds,
            }),
          );
        }
        const now = new Date(clock + 60_000);

        const incremental = await runTransform(db(), { now });
        expect(incremental.error).toBeNull();
        const afterIncremental = await readIncrementalState(db());
        expect(await readModel(db())).toEqual(
          referenceModel(await readRaw(db())),
        );

        const full = await runTransform(db(), { now, fullRefresh: true });
        expect(full.error).toBeNull();
        expect(full.watermark_from).toBe(0);
        expect(await readIncrementalState(db())).toEqual(afterIncremental);
      }
    },
  );

  test('a long chain of incremental runs ends equal to a full refresh', async () => {
    const events = new RandomEvents(31);
    const sentIds: string[] = [];
    for (let run = 0; run < 8; run += 1) {
      const arrivedAt = new Date(START.getTime() + run * 5 * 3_600_000);
      await insertRaw(db(), events.batch({ size: 40, arrivedAt, sentIds }));
      const result = await runTransform(db(), { now: arrivedAt });
      expect(result.rows_read).toBe(40);
    }
    const chained = await readIncrementalState(db());

    await runTransform(db(), { fullRefresh: true, now: START });

    expect(await readIncrementalState(db())).toEqual(chained);
    expect(await readModel(db())).toEqual(referenceModel(await readRaw(db())));
  });

  test('catch-up reads at most max rows per run and the next runs continue', async () => {
    await insertRaw(
      db(),
      new RandomEvents(41).batch({ size: 500, arrivedAt: START, sentIds: [] }),
    );
    const raw = await readRaw(db());
    const reads: number[] = [];
    const backlogs: (number | null)[] = [];

    for (let run = 0; run < 6; run += 1) {
      const result = await runTransform(db(), { now: START, maxRows: 120 });
      reads.push(result.rows_read);
      backlogs.push(result.backlog_rows);
      const processed = raw.filter((row) => row.id <= result.watermark_to!);
      expect(await readModel(db())).toEqual({
        ...referenceModel(processed),
        // The stg view is always current; only the tables lag.
        stg: referenceModel(raw).stg,
      });
    }

    expect(reads).toEqual([120, 120, 120, 120, 20, 0]);
    expect(backlogs).toEqual([380, 260, 140, 20, 0, 0]);
  });

  test('the status shows the backlog and a freshness lag from the processed rows', async () => {
    const early = new Date('2026-03-10T08:00:00Z');
    const late = new Date('2026-03-10T09:00:00Z');
    await insertRaw(
      db(),
      new RandomEvents(42).batch({ size: 30, arrivedAt: early, sentIds: [] }),
    );
    await insertRaw(
      db(),
      new RandomEvents(43).batch({ size: 30, arrivedAt: late, sentIds: [] }),
    );

    await runTransform(db(), { now: late, maxRows: 30 });
    const status = await readStatus(db(), { now: late });

    expect(status.watermark.last_raw_id).toBe(30);
    expect(status.watermark.backlog_rows).toBe(30);
    const newestProcessed = Math.max(
      ...(await readRaw(db())).slice(0, 30).map((r) => r.ingested_at.getTime()),
    );
    expect(status.freshness_lag_seconds).toBeCloseTo(
      (late.getTime() - newestProcessed) / 1000,
      3,
    );
    expect(status.dq_status).toMatchObject({ backlog_rows: 30 });
  });

  test('a full refresh may itself be split by max rows', async () => {
    await insertRaw(
      db(),
      new RandomEvents(44).batch({ size: 90, arrivedAt: START, sentIds: [] }),
    );
    await runTransform(db(), { now: START });

    const partial = await runTransform(db(), {
      now: START,
      fullRefresh: true,
      maxRows: 50,
    });
    const rest = await runTransform(db(), { now: START });

    expect([partial.rows_read, rest.rows_read]).toEqual([50, 40]);
    expect(await readModel(db())).toEqual(referenceModel(await readRaw(db())));
  });
});
