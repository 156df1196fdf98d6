/**
 * Known rows in the monitoring tables for the dashboard tests, dated
 * relative to `now`: judged buckets (one flagged), the drill-down, alert
 * state and history, and the newest snapshot's latency.
 */
import { typed, type Database } from '../../src/db/database';

const BUCKET_MS = 5 * 60_000;

export async function seedMonitoring(db: Database, now = new Date()) {
  const newest = Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS - BUCKET_MS;
  for (let i = 0; i < 12; i += 1) {
    const start = new Date(newest - i * BUCKET_MS);
    const flagged = i === 1;
    await db.query(
      `insert into dq.volume_anomalies (
          bucket_start, observed_cnt, expected_cnt, mad, score,
          training_days, is_anomaly, direction, reason, judged_at, deviation)
       values ($1, $2, 60, 6, $3, 14, $4, $5, $6, $7, $8)`,
      [
        typed('timestamptz', start),
        flagged ? 0 : 58,
        typed('numeric', flagged ? '-6.745' : '-0.225'),
        flagged,
        'drop',
        flagged ? 'anomaly' : 'small_change',
        typed('timestamptz', now),
        flagged ? 'drop' : null,
      ],
    );
  }
  const dt = now.toISOString().slice(0, 10);
  for (const [value, count] of [
    ['unknown', 7],
    ['web', 2],
  ] as const) {
    await db.query(
      `insert into dq.drilldown (
          dt, check_name, dimension, dimension_value, rows_cnt)
       values ($1, 'unknown_platform', 'platform', $2, $3)`,
      [typed('date', dt), value, count],
    );
  }
  await db.query(
    `insert into dq.drilldown_samples (
        dt, check_name, raw_id, event_id, platform, source, region)
     values ($1, 'unknown_platform', 42, $2, 'unknown', 'ads', 'msk')`,
    [typed('date', dt), typed('uuid', '0b7d6a1e-7c1f-4d59-9a57-3f1f7a1d2c01')],
  );
  await db.query(
    `insert into dq.alert_state (
        check_name, state, since, last_notified_at, detail, updated_at)
     values ('volume', 'failing', $1, $1, 'drop: 0 events', $1)`,
    [typed('timestamptz', now)],
  );
  await db.query(
    `insert into dq.notifications (
        notification_key, check_name, transition, state_since, detail,
        created_at, status, attempts, sent_at)
     values ('volume:failing:seed', 'volume', 'failing', $1,
        'drop: 0 events', $1, 'sent', 1, $1)`,
    [typed('timestamptz', now)],
  );
  await db.query(
    `update dq.status_snapshots
     set pipeline_latency_seconds = 12.5
     where check_ts = (select max(check_ts) from dq.status_snapshots)`,
  );
}
