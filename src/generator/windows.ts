/** Outage and spike windows: whether a day has one, and when. */
import type { Faker } from '@faker-js/faker';

import { DAY_MS, MINUTE_MS } from './calendar';
import type { WindowFaultConfig } from './config';

export interface TimeWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The window on `day`, or null; draws from the day's incident stream. */
export function pickWindow(
  config: WindowFaultConfig,
  day: string,
  dayStartMs: number,
  faker: Faker,
): TimeWindow | null {
  // Both draws happen every day, so turning one kind on or off leaves the
  // other kind's days and times as they were.
  const roll = faker.number.float();
  const latest = 24 * 60 - config.minutes;
  const randomStart = faker.number.int({ min: 0, max: latest });
  const happens = config.days.includes(day) || roll < config.rate;
  if (!happens) return null;
  const start = Math.min(config.startMinute ?? randomStart, latest);
  const fromMs = dayStartMs + start * MINUTE_MS;
  return {
    fromMs,
    toMs: Math.min(fromMs + config.minutes * MINUTE_MS, dayStartMs + DAY_MS),
  };
}
