/**
 * The generator's settings with their defaults. Fault rates are shares of
 * the events a fault can apply to; the defaults make every DQ check in the
 * spec fire on a normal day. Outages and spikes are off unless asked for.
 */
import { ConfigError } from '../db/errors';
import { type RowFaultKind } from './types';

export const DEFAULT_SEED = 42;

export const ACCEPTED_EVENT_NAMES = [
  'view',
  'click',
  'add_to_cart',
  'purchase',
  'signup',
] as const;
export const ACCEPTED_PLATFORMS = ['web', 'ios', 'android'] as const;
export const ACCEPTED_SOURCES = ['organic', 'ads', 'referral'] as const;

export interface FunnelConfig {
  /** Chance that a viewed item is clicked. */
  readonly viewToClick: number;
  readonly clickToCart: number;
  readonly cartToPurchase: number;
}

export interface WindowFaultConfig {
  /** Chance per UTC day; 0 turns it off except on `days`. */
  readonly rate: number;
  readonly minutes: number;
  /** Minute of the UTC day it starts at; null picks one per day. */
  readonly startMinute: number | null;
  /** UTC days (YYYY-MM-DD) on which it happens whatever the rate. */
  readonly days: readonly string[];
}

export interface SpikeConfig extends WindowFaultConfig {
  /** Traffic in the window is this many times the normal. */
  readonly factor: number;
}

export type Weights = Readonly<Record<string, number>>;

export interface GeneratorConfig {
  /** Visits are sized so a day has about this many events. */
  readonly eventsPerDay: number;
  /** Returning users have ids 1..userPool. */
  readonly userPool: number;
  readonly itemCount: number;
  /** Share of visits by a new user, who signs up first. */
  readonly signupShare: number;
  /** Mean number of items viewed in a visit (at least one). */
  readonly itemsPerVisit: number;
  /**
   * Chance that a pause inside a visit exceeds 30 minutes, so the client
   * starts a new session for the rest of the visit.
   */
  readonly longPauseRate: number;
  readonly funnel: FunnelConfig;
  readonly platforms: Weights;
  readonly sources: Weights;
  readonly regions: Weights;
  readonly currency: string;
  /** Traffic follows 1 + amplitude * cos(hours from the peak). */
  readonly dayNight: {
    readonly peakHourUtc: number;
    readonly amplitude: number;
  };
  /** A live tick never writes more than this many minutes of events. */
  readonly maxCatchUpMinutes: number;
  readonly faults: Readonly<Record<RowFaultKind, number>>;
  readonly outage: WindowFaultConfig;
  readonly spike: SpikeConfig;
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

export type GeneratorConfigInput = DeepPartial<GeneratorConfig>;

export const DEFAULT_CONFIG: GeneratorConfig = {
  eventsPerDay: 20_000,
  userPool: 200_000,
  itemCount: 500,
  signupShare: 0.08,
  itemsPerVisit: 2.5,
  longPauseRate: 0.05,
  funnel: { viewToClick: 0.35, clickToCart: 0.4, cartToPurchase: 0.45 },
  platforms: { web: 0.5, ios: 0.3, android: 0.2 },
  sources: { organic: 0.65, ads: 0.25, referral: 0.1 },
  regions: { msk: 0.4, spb: 0.25, kzn: 0.12, nsk: 0.12, ekb: 0.11 },
  currency: 'RUB',
  dayNight: { peakHourUtc: 17, amplitude: 0.6 },
  maxCatchUpMinutes: 60,
  faults: {
    invalid_event_name: 0.002,
    normalisable_event_name: 0.003,
    normalisable_dimension: 0.002,
    negative_price: 0.01,
    purchase_without_price: 0.02,
    unknown_platform: 0.002,
    unknown_region: 0.002,
    unknown_source: 0.002,
    duplicate: 0.005,
    missing_required: 0.001,
    late: 0.002,
    future_event_time: 0.001,
  },
  outage: { rate: 0, minutes: 30, startMinute: null, days: [] },
  spike: { rate: 0, minutes: 30, startMinute: null, days: [], factor: 5 },
};

export function resolveConfig(
  input: GeneratorConfigInput = {},
): GeneratorConfig {
  const d = DEFAULT_CONFIG;
  for (const key of Object.keys(input)) {
    check(
      key in d,
      key,
      `unknown setting; use ${Object.keys(d).join(', ')}`,
      key,
    );
  }
  const config: GeneratorConfig = {
    ...d,
    ...input,
    funnel: { ...d.funnel, ...input.funnel },
    platforms: (input.platforms as Weights | undefined) ?? d.platforms,
    sources: (input.sources as Weights | undefined) ?? d.sources,
    regions: (input.regions as Weights | undefined) ?? d.regions,
    dayNight: { ...d.dayNight, ...input.dayNight },
    faults: { ...d.faults, ...input.faults },
    outage: { ...d.outage, ...input.outage },
    spike: { ...d.spike, ...input.spike },
  };
  validate(config);
  return config;
}

function check(ok: boolean, setting: string, rule: string, value: unknown) {
  if (!ok) {
    throw new ConfigError(
      `bad generator setting ${setting} = ${JSON.stringify(value)}: ${rule}`,
    );
  }
}

function checkNumber(
  value: unknown,
  setting: string,
  min: number,
  max: number,
  integer = false,
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= min &&
    value <= max &&
    (!integer || Number.isInteger(value));
  const kind = integer ? 'a whole number' : 'a number';
  check(ok, setting, `use ${kind} from ${min} to ${max}`, value);
}

function checkWeights(
  weights: Weights,
  setting: string,
  allowed?: readonly string[],
): void {
  const entries = Object.entries(weights);
  check(entries.length > 0, setting, 'give at least one value', weights);
  for (const [name, weight] of entries) {
    checkNumber(weight, `${setting}.${name}`, 0, 1_000_000);
    const valid = allowed
      ? allowed.includes(name)
      : name !== 'unknown' && name === name.trim().toLowerCase() && name !== '';
    const rule = allowed
      ? `values must be among ${allowed.join(', ')}`
      : 'values must be lower case, trimmed and not "unknown"';
    check(valid, setting, rule, name);
  }
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  check(total > 0, setting, 'weights must not all be 0', weights);
}

function checkWindow(window: WindowFaultConfig, setting: string): void {
  checkNumber(window.rate, `${setting}.rate`, 0, 1);
  checkNumber(window.minutes, `${setting}.minutes`, 1, 24 * 60, true);
  if (window.startMinute !== null) {
    checkNumber(window.startMinute, `${setting}.startMinute`, 0, 1439, true);
  }
  const days = window.days;
  check(Array.isArray(days), `${setting}.days`, 'use a list of days', days);
  for (const day of days) {
    check(isDay(day), `${setting}.days`, 'use YYYY-MM-DD days', day);
  }
}

export function isDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const parsed = new Date(`${value}T00:00:00Z`);
  return (
    !Number.isNaN(parsed.getTime()) &&
    parsed.toISOString().slice(0, 10) === value
  );
}

function validate(c: GeneratorConfig): void {
  checkNumber(c.eventsPerDay, 'eventsPerDay', 0, 5_000_000, true);
  checkNumber(c.userPool, 'userPool', 1, 1_000_000_000, true);
  checkNumber(c.itemCount, 'itemCount', 1, 1_000_000, true);
  checkNumber(c.signupShare, 'signupShare', 0, 1);
  checkNumber(c.itemsPerVisit, 'itemsPerVisit', 1, 100);
  checkNumber(c.longPauseRate, 'longPauseRate', 0, 1);
  for (const [step, p] of Object.entries(c.funnel)) {
    checkNumber(p, `funnel.${step}`, 0, 1);
  }
  checkWeights(c.platforms, 'platforms', ACCEPTED_PLATFORMS);
  checkWeights(c.sources, 'sources', ACCEPTED_SOURCES);
  checkWeights(c.regions, 'regions');
  check(
    typeof c.currency === 'string' && /^[A-Z]{3}$/.test(c.currency),
    'currency',
    'use a three-letter ISO code such as RUB',
    c.currency,
  );
  checkNumber(c.dayNight.peakHourUtc, 'dayNight.peakHourUtc', 0, 24);
  checkNumber(c.dayNight.amplitude, 'dayNight.amplitude', 0, 1);
  checkNumber(c.maxCatchUpMinutes, 'maxCatchUpMinutes', 1, 7 * 24 * 60, true);
  for (const [kind, rate] of Object.entries(c.faults)) {
    check(
      kind in DEFAULT_CONFIG.faults,
      'faults',
      `unknown fault kind; use ${Object.keys(DEFAULT_CONFIG.faults).join(', ')}`,
      kind,
    );
    checkNumber(rate, `faults.${kind}`, 0, 1);
  }
  checkWindow(c.outage, 'outage');
  checkWindow(c.spike, 'spike');
  checkNumber(c.spike.factor, 'spike.factor', 1, 100);
}
