/**
 * The pipeline's schedules, read by the local runner (`pipeline start`) and
 * by the CDK stack (EventBridge rules), so both run on the same clock.
 */
import { ConfigError } from './db/errors';

export interface Schedule {
  /** Minutes between runs; EventBridge rates are whole minutes. */
  readonly everyMinutes: number;
  readonly description: string;
}

export const SCHEDULES = {
  generator: {
    everyMinutes: 1,
    description: 'append the events that arrived since the previous tick',
  },
  transform: {
    everyMinutes: 5,
    description: 'refresh stg, the marts and the data-quality layer',
  },
} as const satisfies Record<string, Schedule>;

export type ScheduleName = keyof typeof SCHEDULES;

/** The EventBridge rule expression for a schedule: `rate(5 minutes)`. */
export function rateExpression(schedule: Schedule): string {
  const unit = schedule.everyMinutes === 1 ? 'minute' : 'minutes';
  return `rate(${schedule.everyMinutes} ${unit})`;
}

const MAX_MINUTES = 24 * 60;

/** Parses an interval such as `5m`, `1h` or `10` (minutes) for a flag. */
export function parseEveryMinutes(text: string, what: string): number {
  const match = /^\s*(\d+)\s*(m|min|h)?\s*$/i.exec(text);
  const amount = match ? Number(match[1]) : NaN;
  const minutes = match?.[2]?.toLowerCase() === 'h' ? amount * 60 : amount;
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw new ConfigError(
      `bad schedule for ${what}: "${text}"; use whole minutes from 1m to 24h, e.g. 5m or 1h`,
    );
  }
  return minutes;
}
