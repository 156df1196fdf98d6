import { typed, type Database } from '../../src/db/database';
import { DEFAULT_MONITORING_CONFIG } from '../../src/quality/monitoring-config';
import {
  countVolumeBuckets,
  judgeRange,
  judgeVolume,
} from '../../src/quality/volume';
import { describeEachEngine, truncateAll } from '../support/engines';
import { randomStream, referenceScore } from './reference';

const BUCKET_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 2, 1);
const VOLUME = DEFAULT_MONITORING_CONFIG.volume;

/** Ten days of daily-seasonal counts (about 40 to 160 per bucket). */
function seasonalCounts(days: number, seed: number): Map<number, number> {
  const random = randomStream(seed);
  const counts = new Map<number, number>();
  for (let t = START; t < START + days * DAY_MS; t += BUCKET_MS) {
    const phase = ((t % DAY_MS) / DAY_MS) * 2 * Math.PI;
    const level = 100 + 60 * Math.sin(phase);
    counts.set(t, Math.round(level + (random() - 0.5) * 2 * Math.sqrt(level)));
  }
  return counts;
}

async function loadBuckets(
  db: Database,
  counts: ReadonlyMap<number, number>,
): Promise<void> {
  const rows = [...counts]
    .filter(([, count]) => count > 0)
    .map(([start, count]) => [new Date(start), count]);
  await db.insertRows(
    'dq.volume_buckets',
    ['bucket_start', 'events_cnt'],
    rows,
  );
}

interface AnomalyRow {
  bucket_start: Date;
  observed_cnt: number;
  expected_cnt: string;
  mad: string;
  score: string;
  training_days: number;
  is_anomaly: boolean;
  direction: string | null;
  reason: string;
}

async function judged(db: Database): Promise<AnomalyRow[]> {
  const { rows } = await db.query<AnomalyRow>(
    'select * from dq.volume_anomalies order by bucket_start',
  );
  return rows;
}

describeEachEngine('volume anomalies', ({ db }) => {
  beforeEach(async () => {
    await truncateAll(db());
  });

  test('an outage and a five-fold spike are flagged from their second bucket, a one-bucket blip is not', async () => {
    const counts = seasonalCounts(11, 1);
    const lastDay = START + 10 * DAY_MS;
    const outage = [36, 37, 38].map((n) => lastDay + n * BUCKET_MS);
    const spike = [150, 151].map((n) => lastDay + n * BUCKET_MS);
    const blip = lastDay + 200 * BUCKET_MS;
    for (const start of outage) counts.set(start, 0);
    for (const start of [...spike, blip]) {
      counts.set(start, (counts.get(start) ?? 0) * 5);
    }
    await loadBuckets(db(), counts);

    const written = await judgeVolume(
      db(),
      { from: new Date(lastDay), to: new Date(lastDay + DAY_MS) },
      VOLUME,
      new Date(lastDay + DAY_MS),
    );

    expect(written).toBe(288);
    const rows = await judged(db());
    const flagged = rows.filter((row) => row.is_anomaly);
    expect(
      flagged.map((row) => [row.bucket_start.getTime(), row.direction]),
    ).toEqual([
      [outage[1], 'drop'],
      [outage[2], 'drop'],
      [spike[1], 'spike'],
    ]);
    expect(
      rows
        .filter((row) => row.reason === 'not_persistent')
        .map((row) => row.bucket_start.getTime()),
    ).toEqual([outage[0], spike[0], blip]);
    // The last buckets of the day also reach day 11's first neighbour slots.
    expect(new Set(rows.map((row) => row.training_days))).toEqual(
      new Set([10, 11]),
    );
  });

  test('expected count, MAD and score equal a median-and-MAD reference', async () => {
    const counts = seasonalCounts(9, 2);
    const target = START + 8 * DAY_MS + 100 * BUCKET_MS;
    counts.set(target, 3);
    await loadBuckets(db(), counts);

    await judgeVolume(
      db(),
      { from: new Date(target), to: new Date(target + BUCKET_MS) },
      { ...VOLUME, minConsecutiveBuckets: 1 },
      new Date(target + 2 * BUCKET_MS),
    );

    const [row] = await judged(db());
    const reference = referenceScore(
      counts,
      target,
      START,
      VOLUME.maxTrainingDays,
      VOLUME.neighbourBuckets,
    );
    expect(Number(row?.expected_cnt)).toBeCloseTo(reference.expected, 3);
    expect(Number(row?.mad)).toBeCloseTo(reference.mad, 3);
    expect(Number(row?.score)).toBeCloseTo(reference.score, 2);
    expect(row?.training_days).toBe(8);
    expect(row?.is_anomaly).toBe(true);
  });

  test('a bucket with less than the minimum training is recorded but not flagged', async () => {
    const counts = seasonalCounts(4, 3);
    const target = START + 3 * DAY_MS + 10 * BUCKET_MS;
    counts.set(target, 0);
    await loadBuckets(db(), counts);

    await judgeVolume(
      db(),
      { from: new Date(target), to: new Date(target + BUCKET_MS) },
      VOLUME,
      new Date(target + BUCKET_MS),
    );

    expect(await judged(db())).toMatchObject([
      { training_days: 3, is_anomaly: false, reason: 'insufficient_training' },
    ]);
  });

  test('quiet buckets under the absolute floor never alert', async () => {
    const counts = new Map<number, number>();
    for (let t = START; t < START + 8 * DAY_MS; t += BUCKET_MS) {
      counts.set(t, 6);
    }
    const target = START + 7 * DAY_MS + 5 * BUCKET_MS;
    counts.set(target, 0);
    const burst = target + BUCKET_MS;
    counts.set(burst, 18);
    await loadBuckets(db(), counts);

    await judgeVolume(
      db(),
      { from: new Date(target), to: new Date(target + 2 * BUCKET_MS) },
      VOLUME,
      new Date(target + 3 * BUCKET_MS),
    );

    expect(await judged(db())).toMatchObject([
      { observed_cnt: 0, is_anomaly: false, reason: 'below_floor' },
      { observed_cnt: 18, is_anomaly: false, reason: 'below_floor' },
    ]);
  });

  test('a drop-only monitor records a spike without flagging it', async () => {
    const counts = seasonalCounts(8, 4);
    const target = START + 7 * DAY_MS + 60 * BUCKET_MS;
    counts.set(target, (counts.get(target) ?? 0) * 5);
    await loadBuckets(db(), counts);

    await judgeVolume(
      db(),
      { from: new Date(target), to: new Date(target + BUCKET_MS) },
      { ...VOLUME, direction: 'drop' },
      new Date(target + BUCKET_MS),
    );

    expect(await judged(db())).toMatchObject([
      { is_anomaly: false, direction: 'spike', reason: 'direction_ignored' },
    ]);
  });

  test('a deviation that started in an earlier run counts towards persistence', async () => {
    const counts = seasonalCounts(8, 7);
    const first = START + 7 * DAY_MS + 80 * BUCKET_MS;
    counts.set(first, 0);
    counts.set(first + BUCKET_MS, 0);
    await loadBuckets(db(), counts);

    const one = { from: new Date(first), to: new Date(first + BUCKET_MS) };
    const two = {
      from: new Date(first + BUCKET_MS),
      to: new Date(first + 2 * BUCKET_MS),
    };
    await judgeVolume(db(), one, VOLUME, one.to);
    await judgeVolume(db(), two, VOLUME, two.to);

    expect(await judged(db())).toMatchObject([
      { is_anomaly: false, reason: 'not_persistent' },
      { is_anomaly: true, reason: 'anomaly', direction: 'drop' },
    ]);
  });

  test('a bucket judged once is not judged again', async () => {
    const counts = seasonalCounts(8, 5);
    await loadBuckets(db(), counts);
    const from = new Date(START + 7 * DAY_MS);
    const range = { from, to: new Date(from.getTime() + 3 * BUCKET_MS) };

    const first = await judgeVolume(db(), range, VOLUME, new Date(range.to));
    const again = await judgeVolume(db(), range, VOLUME, new Date(range.to));

    expect([first, again]).toEqual([3, 0]);
  });

  test('bucket counts grow from id ranges of raw rows and equal a grouping of the rows', async () => {
    const random = randomStream(6);
    const times = Array.from(
      { length: 500 },
      () => new Date(START + Math.floor(random() * 3_600_000)),
    ).sort((a, b) => a.getTime() - b.getTime());
    await db().insertRows(
      'raw.events',
      ['ingested_at'],
      times.map((at) => [at]),
    );

    await countVolumeBuckets(db(), 0, 200);
    await countVolumeBuckets(db(), 200, 500);

    const expected = new Map<string, number>();
    for (const at of times) {
      const key = new Date(
        Math.floor(at.getTime() / BUCKET_MS) * BUCKET_MS,
      ).toISOString();
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const { rows } = await db().query<{
      bucket_start: Date;
      events_cnt: number;
    }>('select bucket_start, events_cnt from dq.volume_buckets order by 1');
    expect(
      Object.fromEntries(
        rows.map((row) => [row.bucket_start.toISOString(), row.events_cnt]),
      ),
    ).toEqual(Object.fromEntries(expected));
  });

  test('timestamps bound to the statement keep their instant', async () => {
    await db().query(
      'insert into dq.volume_buckets (bucket_start, events_cnt) values ($1, 1)',
      [typed('timestamptz', new Date(START))],
    );
    const { rows } = await db().query<{ bucket_start: Date }>(
      'select bucket_start from dq.volume_buckets',
    );
    expect(rows[0]?.bucket_start.getTime()).toBe(START);
  });
});

describe('judge range', () => {
  const checkTs = new Date(Date.UTC(2026, 2, 1, 12, 7, 30));

  test('judges only buckets that ended at least the grace period ago', () => {
    const range = judgeRange(
      { checkTs, countedUpTo: checkTs, hasBacklog: false, lastJudged: null },
      { ...VOLUME, lookbackHours: 1 },
    );
    expect(range).toEqual({
      from: new Date(Date.UTC(2026, 2, 1, 11, 5)),
      to: new Date(Date.UTC(2026, 2, 1, 12, 5)),
    });
  });

  test('starts after the newest judged bucket', () => {
    const range = judgeRange(
      {
        checkTs,
        countedUpTo: checkTs,
        hasBacklog: false,
        lastJudged: new Date(Date.UTC(2026, 2, 1, 11, 55)),
      },
      VOLUME,
    );
    expect(range.from).toEqual(new Date(Date.UTC(2026, 2, 1, 12, 0)));
  });

  test('during a catch-up stops at the rows counted so far', () => {
    const range = judgeRange(
      {
        checkTs,
        countedUpTo: new Date(Date.UTC(2026, 2, 1, 9, 3)),
        hasBacklog: true,
        lastJudged: null,
      },
      VOLUME,
    );
    expect(range.to).toEqual(new Date(Date.UTC(2026, 2, 1, 9, 0)));
  });
});
