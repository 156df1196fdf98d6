/** Shared value conversions so every driver returns the same JS types. */
import { isTypedParam, type SqlParam } from './database';

export const OID = {
  int8: 20,
  int2: 21,
  int4: 23,
  float4: 700,
  float8: 701,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
} as const;

export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`bigint ${text} does not fit a JS number`);
  }
  return value;
}

/** Turns a parameter into what pg and PGlite send for it. */
export function toWireParam(param: SqlParam): unknown {
  if (!isTypedParam(param)) return param;
  const { value } = param;
  if (value === null || value instanceof Date || typeof value === 'string') {
    return value;
  }
  return JSON.stringify(value);
}

/** Double-quotes each part of a possibly schema-qualified name. */
export function quoteIdent(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: toISOString switches to six-digit years there. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) =>
  String(n).padStart(2, '0'),
);
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) =>
  String(n).padStart(3, '0'),
);
let cachedDay = Number.NaN;
let cachedDayText = '';

/** 'YYYY-MM-DDT' of a day number since 1970 (Hinnant's civil_from_days). */
function dayText(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe -
      Math.floor(doe / 1460) +
      Math.floor(doe / 36_524) -
      Math.floor(doe / 146_096)) /
      365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T`;
}

/**
 * date.toISOString(), the same text: bulk loads format two timestamps per
 * row and the built-in is several times slower. Rows of one load mostly
 * share a day, so the date part is cached.
 */
export function isoString(date: Date): string {
  return isoStringOfMs(date.getTime());
}

/** isoString of epoch milliseconds, without making a Date. */
export function isoStringOfMs(time: number): string {
  // As a Date keeps it: whole milliseconds.
  const ms = Math.trunc(time);
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return new Date(ms).toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    cachedDayText = dayText(day);
    cachedDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return (
    cachedDayText +
    TWO_DIGITS[hours] +
    ':' +
    TWO_DIGITS[minutes] +
    ':' +
    TWO_DIGITS[seconds] +
    '.' +
    THREE_DIGITS[millis] +
    'Z'
  );
}

const QUOTES = /"/g;

/** A CSV field of text: quoted, inner quotes doubled. */
export function quoted(text: string): string {
  return text.indexOf('"') === -1
    ? '"' + text + '"'
    : '"' + text.replace(QUOTES, '""') + '"';
}

/** One CSV field as COPY ... (format csv) reads it; null is unquoted. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Bulk loads call this per value, so the common types come first.
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') return '"' + String(value) + '"';
  if (value instanceof Date) return '"' + isoString(value) + '"';
  if (typeof value === 'object') return quoted(JSON.stringify(value));
  return quoted(String(value));
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) {
    let line = row.length > 0 ? csvField(row[0]) : '';
    for (let i = 1; i < row.length; i += 1) line += ',' + csvField(row[i]);
    out += line + '\n';
  }
  return out;
}
