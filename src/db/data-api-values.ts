/**
 * Conversions between the driver's JS values and the RDS Data API's Field
 * and SqlParameter shapes, so this driver returns exactly what pg and
 * PGlite return (see database.ts).
 */
import type {
  ColumnMetadata,
  Field,
  SqlParameter,
} from '@aws-sdk/client-rds-data';

import { isTypedParam, type SqlParam, type TypedParam } from './database';
import { parseInt8 } from './values';

const HINTS = {
  numeric: 'DECIMAL',
  timestamptz: 'TIMESTAMP',
  date: 'DATE',
  uuid: 'UUID',
  jsonb: 'JSON',
} as const satisfies Record<TypedParam['type'], string>;

/** The Data API's timestamp text: 'YYYY-MM-DD HH:MM:SS.fff', in UTC. */
export function toDataApiTimestamp(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new RangeError(`"${String(value)}" is not a timestamp`);
  }
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

function typedText(param: TypedParam): string {
  const { type, value } = param;
  if (type === 'timestamptz') return toDataApiTimestamp(value as Date);
  if (type === 'date' && value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  if (type === 'jsonb' && typeof value !== 'string') {
    return JSON.stringify(value);
  }
  return String(value);
}

/** One `$n` parameter as the Data API's named SqlParameter. */
export function toSqlParameter(name: string, param: SqlParam): SqlParameter {
  if (isTypedParam(param)) {
    if (param.value === null || param.value === undefined) {
      return { name, value: { isNull: true } };
    }
    return {
      name,
      typeHint: HINTS[param.type],
      value: { stringValue: typedText(param) },
    };
  }
  if (param === null || param === undefined) {
    return { name, value: { isNull: true } };
  }
  switch (typeof param) {
    case 'string':
      return { name, value: { stringValue: param } };
    case 'boolean':
      return { name, value: { booleanValue: param } };
    case 'number':
      return Number.isSafeInteger(param)
        ? { name, value: { longValue: param } }
        : { name, value: { doubleValue: param } };
    default:
      break;
  }
  if (param instanceof Date) {
    return {
      name,
      typeHint: 'TIMESTAMP',
      value: { stringValue: toDataApiTimestamp(param) },
    };
  }
  return {
    name,
    typeHint: 'JSON',
    value: { stringValue: JSON.stringify(param) },
  };
}

const TIMESTAMP_TEXT =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(?:([+-]\d{2})(?::?(\d{2}))?)?$/;

/** Parses the Data API's UTC timestamp text into a Date. */
export function parseDataApiTimestamp(text: string): Date {
  const match = TIMESTAMP_TEXT.exec(text.trim());
  if (!match) throw new RangeError(`unexpected timestamp text "${text}"`);
  const [, day, time, fraction, offsetHours, offsetMinutes] = match;
  const millis = (fraction ?? '').padEnd(3, '0').slice(0, 3);
  const offset = offsetHours ? `${offsetHours}:${offsetMinutes ?? '00'}` : 'Z';
  return new Date(`${day}T${time}.${millis}${offset}`);
}

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
const FLOAT_TYPES = new Set(['float4', 'float8']);

interface ArrayValue {
  readonly stringValues?: string[];
  readonly longValues?: number[];
  readonly doubleValues?: number[];
  readonly booleanValues?: boolean[];
  readonly arrayValues?: ArrayValue[];
}

/** A Data API arrayValue as a JS array, as node-postgres returns arrays. */
export function fromArrayValue(array: ArrayValue): unknown[] {
  if (array.arrayValues) return array.arrayValues.map(fromArrayValue);
  return (
    array.stringValues ??
    array.longValues ??
    array.doubleValues ??
    array.booleanValues ??
    []
  );
}

function anyValue(field: Field): unknown {
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return field.blobValue;
  if (field.arrayValue !== undefined) {
    return fromArrayValue(field.arrayValue as ArrayValue);
  }
  return null;
}

/** One result Field as the JS value the other drivers return. */
export function fromField(field: Field, column: ColumnMetadata): unknown {
  if (field.isNull) return null;
  const type = (column.typeName ?? '').toLowerCase();
  if (INTEGER_TYPES.has(type)) {
    if (field.longValue !== undefined) {
      return parseInt8(String(field.longValue));
    }
    return parseInt8(String(field.stringValue));
  }
  if (FLOAT_TYPES.has(type)) {
    return field.doubleValue ?? Number(field.stringValue);
  }
  if (type === 'numeric' || type === 'date') {
    return field.stringValue ?? String(anyValue(field));
  }
  if (type === 'timestamptz' || type === 'timestamp') {
    return parseDataApiTimestamp(String(field.stringValue));
  }
  if (type === 'json' || type === 'jsonb') {
    return JSON.parse(String(field.stringValue));
  }
  if (type === 'bool') {
    return field.booleanValue ?? field.stringValue === 't';
  }
  return anyValue(field);
}

/** A result's records as rows keyed by column name. */
export function toRows<R>(
  records: readonly (readonly Field[])[],
  columns: readonly ColumnMetadata[],
): R[] {
  return records.map((record) => {
    const row: Record<string, unknown> = {};
    record.forEach((field, index) => {
      const column = columns[index] ?? {};
      row[column.name ?? column.label ?? `column_${index}`] = fromField(
        field,
        column,
      );
    });
    return row as R;
  });
}
