import { backfill } from '../../src/generator';
import { runTransform } from '../../src/transform';
import { describeEachEngine, truncateAll } from '../support/engines';

const DAY = '2026-02-18';
const NOW = new Date(`${DAY}T12:00:00Z`);
const BUCKET_MS = 5 * 60_000;
const at = (time: string) => Date.parse(`${DAY}T${time}:00Z`);

/** The 5-minute bucket starts in [from + one bucket, to). */
function bucketsAfterTheFirst(fromMs: number, toMs: number): number[] {
  const starts: number[] = [];
  for (let t = fromMs + BUCKET_MS; t < toMs; t += BUCKET_MS) starts.push(t);
  return starts;
}

describeEachEngine('incidents injected by the generator', ({ db }) => {
  beforeAll(async () => {
    await truncateAll(db());
    // A week of history to train on, then a day with an outage at 10:00
    // and a five-fold spike at 11:00, written and transformed for real.
    await backfill(db(), {
      seed: 5,
      days: 7,
      now: NOW,
      config: {
        outage: { days: [DAY], startMinute: 600, minutes: 30 },
        spike: { days: [DAY], startMinute: 660, minutes: 30, factor: 5 },
      },
    });
    await runTransform(db(), { now: NOW, alertChannels: [] });
  });

  test('are flagged by the volume model from their second bucket on, and nothing else is', async () => {
    const { rows } = await db().query<{
      bucket_start: Date;
      direction: string;
    }>(
      `select bucket_start, direction
      from dq.volume_anomalies
      where is_anomaly
      order by bucket_start`,
    );
    const flagged = (direction: string) =>
      rows
        .filter((row) => row.direction === direction)
        .map((row) => row.bucket_start.getTime());

    expect(flagged('drop')).toEqual(
      bucketsAfterTheFirst(at('10:00'), at('10:30')),
    );
    expect(flagged('spike')).toEqual(
      bucketsAfterTheFirst(at('11:00'), at('11:30')),
    );
  });

  test('the outage left its half hour empty in raw', async () => {
    const { rows } = await db().query<{ n: number }>(
      `select count(*)::int as n
      from raw.events
      where ingested_at >= $1 and ingested_at < $2`,
      [new Date(at('10:00')), new Date(at('10:30'))],
    );
    expect(rows[0]?.n).toBe(0);
  });

  test('raise one volume alert', async () => {
    const { rows } = await db().query<{
      check_name: string;
      transition: string;
    }>(`select check_name, transition from dq.notifications order by 1, 2`);
    expect(rows).toEqual([{ check_name: 'volume', transition: 'failing' }]);
  });
});
