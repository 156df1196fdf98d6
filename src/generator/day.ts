/**
 * One UTC day's stream: the rows whose planned arrival falls on that day,
 * with their faults and ledger. Pure: the same seed, day and config give
 * the same output whenever and wherever it runs.
 */
import { dayOf, dayStartMs } from './calendar';
import { CsvDayBuilder } from './csv-day';
import { isDay, resolveConfig, type GeneratorConfigInput } from './config';
import { ConfigError } from '../db/errors';
import type { Draft } from './draft';
import { injectFaults } from './faults';
import { seededFaker } from './random';
import {
  cleanTrafficSteps,
  spikeTraffic,
  type TrafficContext,
} from './traffic';
import type {
  EncodedDay,
  GeneratedDay,
  LedgerEntry,
  RawEventInput,
} from './types';
import { pickWindow, type TimeWindow } from './windows';

export interface GenerateDayOptions {
  readonly seed: number;
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly config?: GeneratorConfigInput;
}

const iso = (ms: number) => new Date(ms).toISOString();

function windowEntry(
  kind: 'outage' | 'spike',
  day: string,
  window: TimeWindow,
  details: Record<string, unknown>,
): LedgerEntry {
  return {
    kind,
    event_id: null,
    day,
    details: {
      from: iso(window.fromMs),
      to: iso(window.toMs),
      minutes: Math.round((window.toMs - window.fromMs) / 60_000),
      ...details,
    },
  };
}

function toEvent(draft: Draft): RawEventInput {
  return {
    event_id: draft.event_id,
    event_time: draft.eventMs === null ? null : new Date(draft.eventMs),
    user_id: draft.user_id,
    session_id: draft.session_id,
    event_name: draft.event_name,
    item_id: draft.item_id,
    price: draft.price,
    currency: draft.currency,
    platform: draft.platform,
    region: draft.region,
    source: draft.source,
    experiment_id: draft.experiment_id,
    payload: draft.payload,
    ingested_at: new Date(draft.arrivalMs),
  };
}

function rowEntry(draft: Draft): LedgerEntry | null {
  if (!draft.fault) return null;
  return {
    kind: draft.fault.kind,
    event_id: draft.event_id,
    day: dayOf(draft.eventMs ?? draft.arrivalMs),
    details: { ...draft.fault.details, ingested_at: iso(draft.arrivalMs) },
  };
}

/** Where a day's finished rows go, in arrival order. */
interface RowSink<T> {
  add(draft: Draft): void;
  done(): T;
}

function eventSink(): RowSink<RawEventInput[]> {
  const events: RawEventInput[] = [];
  return {
    add: (draft) => void events.push(toEvent(draft)),
    done: () => events,
  };
}

export function generateDay(options: GenerateDayOptions): GeneratedDay {
  const steps = dayInSteps(options, eventSink);
  for (;;) {
    const step = steps.next();
    if (step.done)
      return { events: step.value.rows, ledger: step.value.ledger };
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * generateDay encoded as CSV, in steps of a few milliseconds that let the
 * event loop run between them: a backfill makes the next day while the
 * database loads the previous one. The same rows as generateDay.
 */
export async function encodeDayStepwise(
  options: GenerateDayOptions,
): Promise<EncodedDay> {
  const steps = dayInSteps(options, (rows) => new CsvDayBuilder(rows));
  for (;;) {
    const step = steps.next();
    if (step.done) return { csv: step.value.rows, ledger: step.value.ledger };
    await nextTurn();
  }
}

/** Rows made between two turns of the event loop. */
const ROWS_PER_STEP = 4_096;

function* dayInSteps<T>(
  options: GenerateDayOptions,
  sinkFor: (rows: number) => RowSink<T>,
): Generator<void, { rows: T; ledger: LedgerEntry[] }> {
  const { seed, day } = options;
  if (!isDay(day)) {
    throw new ConfigError(`bad day "${day}": use a UTC day as YYYY-MM-DD`);
  }
  const config = resolveConfig(options.config);
  const startMs = dayStartMs(day);
  const ledger: LedgerEntry[] = [];
  const ctx: TrafficContext = {
    seed,
    day,
    dayStartMs: startMs,
    config,
    faker: seededFaker(seed, day, 'traffic'),
    counter: { seq: 0, newUsers: 0 },
  };
  let drafts = yield* cleanTrafficSteps(ctx);
  yield;

  const incidents = seededFaker(seed, day, 'incidents');
  const outage = pickWindow(config.outage, day, startMs, incidents);
  const spike = pickWindow(config.spike, day, startMs, incidents);
  if (spike) {
    const spikeCtx = { ...ctx, faker: seededFaker(seed, day, 'spike') };
    const extra = spikeTraffic(
      spikeCtx,
      drafts,
      spike.fromMs,
      spike.toMs,
      config.spike.factor,
    );
    drafts = drafts.concat(extra);
    yield;
    ledger.push(
      windowEntry('spike', day, spike, {
        factor: config.spike.factor,
        extra_rows: extra.length,
      }),
    );
  }

  let rows = injectFaults(
    drafts,
    config,
    seededFaker(seed, day, 'faults'),
    startMs,
  );

  yield;

  if (outage) {
    const inOutage = (d: Draft) =>
      d.arrivalMs >= outage.fromMs && d.arrivalMs < outage.toMs;
    const before = rows.length;
    rows = rows.filter((draft) => !inOutage(draft));
    for (const draft of rows) {
      // A resend whose first copy was lost is a first arrival, not a repeat.
      if (draft.resendOf && inOutage(draft.resendOf)) draft.fault = null;
    }
    ledger.unshift(
      windowEntry('outage', day, outage, {
        dropped_rows: before - rows.length,
      }),
    );
  }

  rows.sort((a, b) => a.arrivalMs - b.arrivalMs || a.seq - b.seq);
  yield;
  const sink = sinkFor(rows.length);
  for (let i = 0; i < rows.length; i += 1) {
    const draft = rows[i]!;
    sink.add(draft);
    const entry = rowEntry(draft);
    if (entry) ledger.push(entry);
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  return { rows: sink.done(), ledger };
}
