/**
 * An independent TypeScript model of the spec's stg, marts, dq_daily and
 * status window, computed from raw rows. It shares no code or SQL with the transform:
 * tests compare the database against it.
 */
import {
  DEFAULT_QUALITY_CONFIG,
  type QualityConfig,
  type ShareCheck,
} from '../../src/quality/config';

export interface RawRow {
  readonly id: number;
  readonly event_id: string | null;
  readonly event_time: Date | null;
  readonly user_id: number | null;
  readonly session_id: string | null;
  readonly event_name: string | null;
  readonly item_id: number | null;
  readonly price: string | null;
  readonly currency: string | null;
  readonly platform: string | null;
  readonly region: string | null;
  readonly source: string | null;
  readonly experiment_id: string | null;
  readonly payload: unknown;
  readonly ingested_at: Date;
}

export interface StgRow {
  readonly raw_id: number;
  readonly event_id: string;
  readonly event_date: string;
  readonly user_id: number;
  readonly session_id: string | null;
  readonly event_name: string;
  readonly price: string | null;
  readonly platform: string;
  readonly region: string;
  readonly source: string;
  readonly is_accepted_event: boolean;
}

export interface DailyMetricsRow {
  readonly dt: string;
  readonly dau: number;
  readonly sessions: number;
  readonly orders: number;
  readonly revenue: string;
  readonly conversion_rate: string;
  readonly purchasers: number;
  readonly user_conversion_rate: string;
}

export interface FunnelRow {
  readonly dt: string;
  readonly users_view: number;
  readonly users_click: number;
  readonly users_cart: number;
  readonly users_purchase: number;
  readonly view_to_click: string;
  readonly click_to_cart: string;
  readonly cart_to_purchase: string;
}

export interface DqDailyRow {
  readonly dt: string;
  readonly rows_total: number;
  readonly rejected_cnt: number;
  readonly duplicate_cnt: number;
  readonly stg_rows: number;
  readonly invalid_event_name_cnt: number;
  readonly negative_price_cnt: number;
  readonly purchase_without_price_cnt: number;
  readonly unknown_platform_cnt: number;
  readonly unknown_source_cnt: number;
  readonly unknown_region_cnt: number;
  readonly future_event_time_cnt: number;
  readonly day_pass: boolean;
  readonly failed_checks: string[];
}

export interface ReferenceModel {
  readonly stg: StgRow[];
  readonly daily_metrics: DailyMetricsRow[];
  readonly funnel_daily: FunnelRow[];
  readonly dq_daily: DqDailyRow[];
}

const ACCEPTED_NAMES = ['view', 'click', 'add_to_cart', 'purchase', 'signup'];
const PLATFORMS = ['web', 'ios', 'android'];
const SOURCES = ['organic', 'ads', 'referral'];
const FUTURE_MS = 5 * 60 * 1000;

/** SQL trim(): spaces only, not tabs or newlines. */
const trimSpaces = (text: string) => text.replace(/^ +| +$/g, '');

const dimension = (value: string | null): string => {
  const cleaned = value === null ? '' : trimSpaces(value).toLowerCase();
  return cleaned === '' ? 'unknown' : cleaned;
};

const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** Decimal text to cents, exactly. */
function cents(text: string): bigint {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  const value =
    BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2) || '0');
  return negative ? -value : value;
}

function money(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** a / b rounded half away from zero to 10 places; 0 when b is 0. */
export function rate(a: number, b: number): string {
  if (b === 0) return '0.0000000000';
  const scaled = (BigInt(a) * 10n ** 10n * 2n + BigInt(b)) / (2n * BigInt(b));
  const whole = scaled / 10n ** 10n;
  const fraction = String(scaled % 10n ** 10n).padStart(10, '0');
  return `${whole}.${fraction}`;
}

const isRejected = (row: RawRow) =>
  row.event_id === null ||
  row.event_time === null ||
  row.user_id === null ||
  row.event_name === null;

interface Classified {
  readonly row: RawRow;
  readonly kind: 'stg' | 'duplicate' | 'rejected';
}

function classify(raw: readonly RawRow[]): Classified[] {
  const seen = new Set<string>();
  return [...raw]
    .sort((a, b) => a.id - b.id)
    .map((row) => {
      if (isRejected(row)) return { row, kind: 'rejected' as const };
      if (seen.has(row.event_id!)) return { row, kind: 'duplicate' as const };
      seen.add(row.event_id!);
      return { row, kind: 'stg' as const };
    });
}

function toStg(row: RawRow): StgRow {
  const eventName = trimSpaces(row.event_name!).toLowerCase();
  const session = row.session_id === null ? null : trimSpaces(row.session_id);
  const price =
    row.price === null || cents(row.price) < 0n
      ? null
      : money(cents(row.price));
  return {
    raw_id: row.id,
    event_id: row.event_id!,
    event_date: utcDay(row.event_time!),
    user_id: row.user_id!,
    session_id: session === '' ? null : session,
    event_name: eventName,
    price,
    platform: dimension(row.platform),
    region: dimension(row.region),
    source: dimension(row.source),
    is_accepted_event: ACCEPTED_NAMES.includes(eventName),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string) {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

const distinct = <T>(values: readonly T[]) => new Set(values).size;

function marts(stg: readonly StgRow[]) {
  const accepted = stg.filter((row) => row.is_accepted_event);
  const daily: DailyMetricsRow[] = [];
  const funnel: FunnelRow[] = [];
  for (const [dt, rows] of groupBy(accepted, (row) => row.event_date)) {
    const stepUsers = (step: string) =>
      distinct(rows.filter((r) => r.event_name === step).map((r) => r.user_id));
    const purchases = rows.filter((r) => r.event_name === 'purchase');
    const dau = distinct(rows.map((r) => r.user_id));
    const sessions = distinct(
      rows.filter((r) => r.session_id !== null).map((r) => r.session_id),
    );
    const purchasers = stepUsers('purchase');
    const revenue = purchases
      .filter((r) => r.price !== null)
      .reduce((sum, r) => sum + cents(r.price!), 0n);
    daily.push({
      dt,
      dau,
      sessions,
      orders: purchases.length,
      revenue: money(revenue),
      conversion_rate: rate(purchases.length, sessions),
      purchasers,
      user_conversion_rate: rate(purchasers, dau),
    });
    const [view, click, cart] = [
      stepUsers('view'),
      stepUsers('click'),
      stepUsers('add_to_cart'),
    ];
    funnel.push({
      dt,
      users_view: view,
      users_click: click,
      users_cart: cart,
      users_purchase: purchasers,
      view_to_click: rate(click, view),
      click_to_cart: rate(cart, click),
      cart_to_purchase: rate(purchasers, cart),
    });
  }
  return { daily, funnel };
}

/** counter > share * total, decided on integers (shares in millionths). */
const exceeds = (counter: number, share: number, total: number) =>
  counter * 1_000_000 > Math.round(share * 1_000_000) * total;

/** The spec's check counters over stg rows, judged on their raw values. */
function checkCounters(stgRaw: readonly RawRow[]) {
  const count = (test: (row: RawRow) => boolean) => stgRaw.filter(test).length;
  const name = (row: RawRow) => trimSpaces(row.event_name!).toLowerCase();
  return {
    invalid_event_name: count((r) => !ACCEPTED_NAMES.includes(name(r))),
    negative_price: count((r) => r.price !== null && cents(r.price) < 0n),
    purchase_without_price: count(
      (r) => name(r) === 'purchase' && r.price === null,
    ),
    unknown_platform: count((r) => !PLATFORMS.includes(dimension(r.platform))),
    unknown_source: count((r) => !SOURCES.includes(dimension(r.source))),
    unknown_region: count((r) => dimension(r.region) === 'unknown'),
    future_event_time: count(
      (r) => r.event_time!.getTime() > r.ingested_at.getTime() + FUTURE_MS,
    ),
  };
}

function dqDaily(
  classified: readonly Classified[],
  config: QualityConfig,
): DqDailyRow[] {
  const byDay = groupBy(classified, ({ row }) =>
    utcDay(row.event_time ?? row.ingested_at),
  );
  return byDay.map(([dt, rows]) => {
    const stgRaw = rows.filter((r) => r.kind === 'stg').map((r) => r.row);
    const checked = checkCounters(stgRaw);
    const counters = {
      rows_total: rows.length,
      rejected_cnt: rows.filter((r) => r.kind === 'rejected').length,
      duplicate_cnt: rows.filter((r) => r.kind === 'duplicate').length,
      stg_rows: stgRaw.length,
      invalid_event_name_cnt: checked.invalid_event_name,
      negative_price_cnt: checked.negative_price,
      purchase_without_price_cnt: checked.purchase_without_price,
      unknown_platform_cnt: checked.unknown_platform,
      unknown_source_cnt: checked.unknown_source,
      unknown_region_cnt: checked.unknown_region,
      future_event_time_cnt: checked.future_event_time,
    };
    const share = config.maxShare;
    const checks: [string, number, number][] = [
      ['rejected', counters.rejected_cnt, share.rejected],
      ['duplicate', counters.duplicate_cnt, share.duplicate],
      [
        'invalid_event_name',
        counters.invalid_event_name_cnt,
        share.invalid_event_name,
      ],
      ['negative_price', counters.negative_price_cnt, share.negative_price],
      [
        'purchase_without_price',
        counters.purchase_without_price_cnt,
        share.purchase_without_price,
      ],
      [
        'unknown_platform',
        counters.unknown_platform_cnt,
        share.unknown_platform,
      ],
      ['unknown_source', counters.unknown_source_cnt, share.unknown_source],
      ['unknown_region', counters.unknown_region_cnt, share.unknown_region],
      [
        'future_event_time',
        counters.future_event_time_cnt,
        share.future_event_time,
      ],
    ];
    const failed = checks
      .filter(([, counter, max]) => exceeds(counter, max, rows.length))
      .map(([check]) => check)
      .sort();
    return {
      dt,
      ...counters,
      day_pass: failed.length === 0,
      failed_checks: failed,
    };
  });
}

/** The spec's tables as they must be after processing `raw`. */
export function referenceModel(
  raw: readonly RawRow[],
  config: QualityConfig = DEFAULT_QUALITY_CONFIG,
): ReferenceModel {
  const classified = classify(raw);
  const stg = classified
    .filter((c) => c.kind === 'stg')
    .map((c) => toStg(c.row));
  const { daily, funnel } = marts(stg);
  return {
    stg,
    daily_metrics: daily,
    funnel_daily: funnel,
    dq_daily: dqDaily(classified, config),
  };
}

export interface SnapshotReference {
  readonly events_last_10m: number;
  readonly stg_rows: number;
  readonly invalid_event_name_cnt: number;
  readonly negative_price_cnt: number;
  readonly purchase_without_price_cnt: number;
  readonly unknown_platform_cnt: number;
  readonly unknown_source_cnt: number;
  readonly unknown_region_cnt: number;
  readonly future_event_time_cnt: number;
  readonly freshness_lag_seconds: string;
  readonly overall_pass: boolean;
  readonly failed_checks: string[];
}

/**
 * The status window (checkTs - windowMinutes, checkTs] after every raw row
 * has been processed, with no schema test failing.
 */
export function referenceSnapshot(
  raw: readonly RawRow[],
  checkTs: Date,
  config: QualityConfig = DEFAULT_QUALITY_CONFIG,
): SnapshotReference {
  const endMs = checkTs.getTime();
  const startMs = endMs - config.windowMinutes * 60_000;
  const inWindow = (row: RawRow) =>
    row.ingested_at.getTime() > startMs && row.ingested_at.getTime() <= endMs;
  const stgRaw = classify(raw)
    .filter((c) => c.kind === 'stg' && inWindow(c.row))
    .map((c) => c.row);
  const counters = checkCounters(stgRaw);
  const events = raw.filter(inWindow).length;
  const newestMs = Math.max(...raw.map((row) => row.ingested_at.getTime()));
  const lagMs = endMs - newestMs;
  const failed = Object.entries(counters)
    .filter(
      ([check, counter]) =>
        counter >= config.minWindowCount &&
        exceeds(counter, config.maxShare[check as ShareCheck], events),
    )
    .map(([check]) => check);
  if (events === 0) failed.push('empty_window');
  if (lagMs > config.maxFreshnessLagSeconds * 1000) failed.push('freshness');
  failed.sort();
  return {
    events_last_10m: events,
    stg_rows: stgRaw.length,
    ...(Object.fromEntries(
      Object.entries(counters).map(([check, n]) => [`${check}_cnt`, n]),
    ) as Record<`${keyof typeof counters}_cnt`, number>),
    freshness_lag_seconds: (lagMs / 1000).toFixed(3),
    overall_pass: failed.length === 0,
    failed_checks: failed,
  };
}
