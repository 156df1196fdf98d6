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

/** One CSV field as COPY ... (format csv) reads it; null is unquoted. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  return `"${text.replaceAll('"', '""')}"`;
}

export function toCsv(rows: readonly (readonly unknown[])[]): string {
  let out = '';
  for (const row of rows) out += row.map(csvField).join(',') + '\n';
  return out;
}
