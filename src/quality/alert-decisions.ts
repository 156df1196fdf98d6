/**
 * Alert transitions, decided from each check's stored state and its result
 * in this run. Pure: the caller reads and writes dq.alert_state.
 */

export type CheckOutcome = 'ok' | 'failing' | 'unknown';

export interface CheckResult {
  readonly check: string;
  /** 'unknown' (no evidence this run) leaves the state as it was. */
  readonly outcome: CheckOutcome;
  /** One line for people: what failed, by how much. */
  readonly detail: string;
}

export interface AlertState {
  readonly check: string;
  readonly state: 'ok' | 'failing';
  readonly since: Date;
  readonly lastNotifiedAt: Date | null;
}

export type Transition = 'failing' | 'recovered' | 'rearm';

export interface PendingNotification {
  /** Unique per transition (or re-arm slot): deciding it twice is a no-op. */
  readonly key: string;
  readonly check: string;
  readonly transition: Transition;
  readonly stateSince: Date;
  readonly detail: string;
}

export interface Decision {
  readonly next: AlertState & { readonly detail: string };
  readonly notification: PendingNotification | null;
}

/**
 * The next state of one check. A check seen for the first time alerts only
 * when it fails (there is nothing it recovered from). While it stays
 * failing it alerts again once per `rearmMs` (0 never), in slots counted
 * from when it started failing, so the slot names the re-arm uniquely.
 */
export function decide(
  previous: AlertState | undefined,
  result: CheckResult,
  now: Date,
  rearmMs: number,
): Decision | null {
  if (result.outcome === 'unknown') return null;
  const base = { check: result.check, detail: result.detail };

  if (!previous || previous.state !== result.outcome) {
    const isFirstOk = !previous && result.outcome === 'ok';
    const transition: Transition =
      result.outcome === 'failing' ? 'failing' : 'recovered';
    return {
      next: {
        ...base,
        state: result.outcome,
        since: now,
        lastNotifiedAt: isFirstOk ? null : now,
      },
      notification: isFirstOk
        ? null
        : {
            key: `${result.check}:${transition}:${now.toISOString()}`,
            check: result.check,
            transition,
            stateSince: now,
            detail: result.detail,
          },
    };
  }

  const keep = { ...base, state: previous.state, since: previous.since };
  if (previous.state === 'failing' && rearmMs > 0) {
    const lastNotified = previous.lastNotifiedAt ?? previous.since;
    if (now.getTime() - lastNotified.getTime() >= rearmMs) {
      const slot = Math.floor(
        (now.getTime() - previous.since.getTime()) / rearmMs,
      );
      return {
        next: { ...keep, lastNotifiedAt: now },
        notification: {
          key: `${result.check}:rearm:${previous.since.toISOString()}:${slot}`,
          check: result.check,
          transition: 'rearm',
          stateSince: previous.since,
          detail: result.detail,
        },
      };
    }
  }
  return {
    next: { ...keep, lastNotifiedAt: previous.lastNotifiedAt },
    notification: null,
  };
}
