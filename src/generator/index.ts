/**
 * The event generator: a seeded model of users, sessions and a purchase
 * funnel, with injected faults and a ledger of them, written to raw.events
 * by a backfill or by live ticks.
 */
export {
  ACCEPTED_EVENT_NAMES,
  ACCEPTED_PLATFORMS,
  ACCEPTED_SOURCES,
  DEFAULT_CONFIG,
  DEFAULT_SEED,
  resolveConfig,
  type FunnelConfig,
  type GeneratorConfig,
  type GeneratorConfigInput,
  type SpikeConfig,
  type WindowFaultConfig,
} from './config';
export { generateDay, type GenerateDayOptions } from './day';
export {
  arrivedBy,
  backfill,
  type BackfillOptions,
  type BackfillProgress,
  type BackfillResult,
} from './backfill';
export {
  eventsArriving,
  generateTick,
  type TickOptions,
  type TickResult,
} from './tick';
export {
  GENERATOR_LOCK_KEY,
  unfinishedBackfill,
  type PendingBackfill,
} from './state';
export { RAW_COLUMNS, writeEvents } from './rows';
export {
  configFromEnv,
  DEFAULT_BACKFILL_DAYS,
  MAX_BACKFILL_DAYS,
  parseDays,
  parseSeed,
  resolveSeed,
} from './settings';
export {
  ROW_FAULT_KINDS,
  WINDOW_FAULT_KINDS,
  type FaultKind,
  type GeneratedDay,
  type LedgerEntry,
  type RawEventInput,
  type RowFaultKind,
  type WindowFaultKind,
} from './types';
export {
  DQ_COUNTER_OF,
  expectedDqDaily,
  type DqCounter,
  type ExpectedDqDay,
} from './expected-dq';
