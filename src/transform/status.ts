/**
 * What `pipeline status` shows: the newest runs, the watermark and the
 * backlog behind it, the freshness lag and the newest DQ status.
 */
import type { Database, Row } from '../db/database';
import { typed } from '../db/database';
import { runSqlFile } from './run-sql-file';

export interface TransformStatusReport {
  readonly checked_at: Date;
  readonly runs: Row[];
  readonly watermark: {
    readonly last_raw_id: number;
    readonly max_ingested_at: Date | null;
    readonly updated_at: Date | null;
    readonly max_raw_id: number | null;
    readonly max_raw_ingested_at: Date | null;
    readonly backlog_rows: number;
  };
  /** Seconds from now back to the newest processed ingested_at. */
  readonly freshness_lag_seconds: number | null;
  /** The newest dq.status_snapshots row, or null before the first run. */
  readonly dq_status: Row | null;
}

export async function readStatus(
  db: Database,
  options: { now?: Date; runs?: number } = {},
): Promise<TransformStatusReport> {
  const now = options.now ?? new Date();
  const runs = await runSqlFile(db, 'dq/report_runs.sql', {
    limit: options.runs ?? 10,
  });
  const position = await runSqlFile(db, 'dq/report_position.sql', {
    now: typed('timestamptz', now),
  });
  const snapshot = await runSqlFile(db, 'dq/report_snapshot.sql', {});
  const mark = position.rows[0] ?? {};
  const lag = mark.freshness_lag_seconds;
  return {
    checked_at: now,
    runs: runs.rows,
    watermark: {
      last_raw_id: Number(mark.last_raw_id ?? 0),
      max_ingested_at: (mark.max_ingested_at as Date | null) ?? null,
      updated_at: (mark.updated_at as Date | null) ?? null,
      max_raw_id: (mark.max_raw_id as number | null) ?? null,
      max_raw_ingested_at: (mark.max_raw_ingested_at as Date | null) ?? null,
      backlog_rows: Number(mark.backlog_rows ?? 0),
    },
    freshness_lag_seconds:
      lag === null || lag === undefined ? null : Number(lag),
    dq_status: snapshot.rows[0] ?? null,
  };
}
