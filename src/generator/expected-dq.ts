/**
 * What dq.dq_daily must say about generated rows, read off the ledger:
 * since no row carries two faults and resends repeat clean rows, each
 * counter is the number of ledger entries of one kind on its day.
 */
import { dayOf } from './calendar';
import type { GeneratedDay, RowFaultKind } from './types';

export const DQ_COUNTER_OF = {
  missing_required: 'rejected_cnt',
  duplicate: 'duplicate_cnt',
  invalid_event_name: 'invalid_event_name_cnt',
  negative_price: 'negative_price_cnt',
  purchase_without_price: 'purchase_without_price_cnt',
  unknown_platform: 'unknown_platform_cnt',
  unknown_region: 'unknown_region_cnt',
  unknown_source: 'unknown_source_cnt',
  future_event_time: 'future_event_time_cnt',
} as const satisfies Partial<Record<RowFaultKind, string>>;

export type DqCounter =
  'rows_total' | (typeof DQ_COUNTER_OF)[keyof typeof DQ_COUNTER_OF];

export type ExpectedDqDay = Record<DqCounter, number>;

const emptyDay = (): ExpectedDqDay => ({
  rows_total: 0,
  rejected_cnt: 0,
  duplicate_cnt: 0,
  invalid_event_name_cnt: 0,
  negative_price_cnt: 0,
  purchase_without_price_cnt: 0,
  unknown_platform_cnt: 0,
  unknown_region_cnt: 0,
  unknown_source_cnt: 0,
  future_event_time_cnt: 0,
});

/**
 * The dq.dq_daily counters, by UTC day, for exactly these rows written to
 * an empty raw.events in this order (a backfill's rows). Pass every day
 * written, since a row can count under the day after its stream.
 */
export function expectedDqDaily(
  written: readonly GeneratedDay[],
): Record<string, ExpectedDqDay> {
  const days: Record<string, ExpectedDqDay> = {};
  const dayEntry = (day: string) => (days[day] ??= emptyDay());
  for (const { events, ledger } of written) {
    for (const event of events) {
      const at = event.event_time ?? event.ingested_at;
      dayEntry(dayOf(at.getTime())).rows_total += 1;
    }
    for (const entry of ledger) {
      const counter = DQ_COUNTER_OF[entry.kind as keyof typeof DQ_COUNTER_OF];
      if (counter) dayEntry(entry.day)[counter] += 1;
    }
  }
  return days;
}
