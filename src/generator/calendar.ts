/** UTC day arithmetic on 'YYYY-MM-DD' strings and epoch milliseconds. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00.000Z`);
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, count: number): string {
  return dayOf(dayStartMs(day) + count * DAY_MS);
}

/** Every UTC day from `first` to `last`, both included. */
export function daysFromTo(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whole days since 1970-01-01, for ids that must differ per day. */
export function dayNumber(day: string): number {
  return Math.round(dayStartMs(day) / DAY_MS);
}
