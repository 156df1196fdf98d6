/**
 * A row while its day is being made: times as epoch milliseconds, mutable
 * until the day is finished, with at most one fault attached.
 */
import type { RowFaultKind } from './types';

export interface Draft {
  event_id: string | null;
  /** event_time, or null when a fault dropped it. */
  eventMs: number | null;
  user_id: number | null;
  session_id: string | null;
  event_name: string | null;
  item_id: number | null;
  price: string | null;
  currency: string | null;
  platform: string | null;
  region: string | null;
  source: string | null;
  experiment_id: string | null;
  payload: Record<string, unknown> | null;
  /** Planned arrival: ingested_at in a backfill. */
  arrivalMs: number;
  /** Creation order, to break ties in arrival. */
  seq: number;
  fault: { kind: RowFaultKind; details: Record<string, unknown> } | null;
  /** Resent later, so no other fault may touch it. */
  reserved: boolean;
  /** For a resend: the row it repeats. */
  resendOf: Draft | null;
}
