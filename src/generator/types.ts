/** What the generator produces: raw.events rows and the ledger of faults. */
import type { CsvDay } from './csv-day';

/** One raw.events row as the generator sends it: every column but `id`. */
export interface RawEventInput {
  readonly event_id: string | null;
  readonly event_time: Date | null;
  readonly user_id: number | null;
  readonly session_id: string | null;
  readonly event_name: string | null;
  readonly item_id: number | null;
  /** Decimal text such as '1299.00', never a float. */
  readonly price: string | null;
  readonly currency: string | null;
  readonly platform: string | null;
  readonly region: string | null;
  readonly source: string | null;
  readonly experiment_id: string | null;
  readonly payload: Record<string, unknown> | null;
  readonly ingested_at: Date;
}

/**
 * Row faults: each marks exactly one raw row, and no row carries two, so
 * a DQ counter is the number of entries of its kind on its day.
 * `normalisable_*` are not faults: valid values spelled with padding or
 * capitals, which stg must clean and DQ must not count.
 */
export const ROW_FAULT_KINDS = [
  'invalid_event_name',
  'normalisable_event_name',
  'normalisable_dimension',
  'negative_price',
  'purchase_without_price',
  'unknown_platform',
  'unknown_region',
  'unknown_source',
  'duplicate',
  'missing_required',
  'late',
  'future_event_time',
] as const;

export type RowFaultKind = (typeof ROW_FAULT_KINDS)[number];

/** Faults of a stretch of time rather than of a row. */
export const WINDOW_FAULT_KINDS = ['outage', 'spike'] as const;

export type WindowFaultKind = (typeof WINDOW_FAULT_KINDS)[number];

export type FaultKind = RowFaultKind | WindowFaultKind;

export interface LedgerEntry {
  readonly kind: FaultKind;
  /** The row's event_id; null for window faults and a missing event_id. */
  readonly event_id: string | null;
  /**
   * UTC day the DQ layer files it under: the day of
   * coalesce(event_time, ingested_at) for a row, the stream's day for a
   * window fault.
   */
  readonly day: string;
  /** What was done; row entries always hold the row's `ingested_at`. */
  readonly details: Record<string, unknown>;
}

/** A GeneratedDay encoded for a backfill, the rows in the same order. */
export interface EncodedDay {
  readonly csv: CsvDay;
  readonly ledger: LedgerEntry[];
}

export interface GeneratedDay {
  /** Sorted by ingested_at (the planned arrival), ties in creation order. */
  readonly events: RawEventInput[];
  /** In the order of the rows they mark, window faults first. */
  readonly ledger: LedgerEntry[];
}
