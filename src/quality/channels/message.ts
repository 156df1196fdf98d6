/** What a channel sends: one notification, with a line for people. */
import type { Transition } from '../alert-decisions';

export interface AlertMessage {
  readonly notificationId: number;
  readonly key: string;
  readonly check: string;
  readonly transition: Transition;
  readonly stateSince: Date;
  readonly createdAt: Date;
  readonly detail: string;
}

const HEADLINE: Record<Transition, string> = {
  failing: 'FAILING',
  recovered: 'RECOVERED',
  rearm: 'STILL FAILING',
};

/** One line, e.g. `[FAILING] data quality check freshness: lag 1200 s`. */
export function messageText(message: AlertMessage): string {
  const since = message.stateSince.toISOString();
  const detail = message.detail ? `: ${message.detail}` : '';
  const when =
    message.transition === 'recovered'
      ? `ok since ${since}`
      : `failing since ${since}`;
  return `[${HEADLINE[message.transition]}] data quality check ${message.check}${detail} (${when})`;
}
