/**
 * Applies the alert decisions of one run inside the transform's
 * transaction: the state per check and the notifications to send once the
 * transaction has committed.
 */
import { typed, type Queryable } from '../db/database';
import {
  decide,
  type AlertState,
  type CheckResult,
  type PendingNotification,
} from './alert-decisions';
import { runStatement } from './run-statement';

interface AlertStateRow {
  check_name: string;
  state: 'ok' | 'failing';
  since: Date;
  last_notified_at: Date | null;
}

export async function readAlertStates(
  db: Queryable,
): Promise<Map<string, AlertState>> {
  const { rows } = await runStatement<AlertStateRow>(
    db,
    'alert_state_read',
    [],
  );
  return new Map(
    rows.map((row) => [
      row.check_name,
      {
        check: row.check_name,
        state: row.state,
        since: row.since,
        lastNotifiedAt: row.last_notified_at,
      },
    ]),
  );
}

/**
 * Records each check's state and queues the notifications it calls for.
 * Returns the notifications queued now: a key already queued (a rerun that
 * decided the same transition) is not returned again.
 */
export async function applyCheckResults(
  db: Queryable,
  results: readonly CheckResult[],
  now: Date,
  rearmMinutes: number,
): Promise<PendingNotification[]> {
  const states = await readAlertStates(db);
  const queued: PendingNotification[] = [];
  for (const result of results) {
    const decision = decide(
      states.get(result.check),
      result,
      now,
      rearmMinutes * 60_000,
    );
    if (!decision) continue;
    const { next, notification } = decision;
    await runStatement(db, 'alert_state_upsert', [
      next.check,
      next.state,
      typed('timestamptz', next.since),
      typed('timestamptz', next.lastNotifiedAt),
      next.detail,
      typed('timestamptz', now),
    ]);
    if (!notification) continue;
    const inserted = await runStatement(db, 'notification_insert', [
      notification.key,
      notification.check,
      notification.transition,
      typed('timestamptz', notification.stateSince),
      notification.detail,
      typed('timestamptz', now),
    ]);
    if (inserted.rowCount > 0) queued.push(notification);
  }
  return queued;
}
