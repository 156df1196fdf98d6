/**
 * A small seeded builder of messy raw events: padded and upper-case names,
 * unknown and blank dimensions, missing required fields, negative and
 * missing prices, resends (in the same batch or much later), late and
 * future event times, and rows at the edges of a UTC day.
 */
import type { RawInput } from './support';

/** mulberry32: a tiny seeded generator, enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NAMES = [
  'view',
  'view',
  'view',
  'click',
  'click',
  'add_to_cart',
  'purchase',
  'purchase',
  'signup',
  ' View ',
  'CLICK',
  'Purchase ',
  'bogus',
  '',
  '  ',
];
const PLATFORMS = [
  'web',
  'ios',
  'android',
  ' IOS',
  'Web ',
  '',
  null,
  'windows',
  'unknown',
];
const REGIONS = ['msk', 'spb', 'kzn', ' MSK ', '', null, 'unknown', 'Unknown'];
const SOURCES = ['organic', 'ads', 'referral', 'ADS', '', null, 'tv'];
const PRICES = ['199.00', '15999.00', '12.34', '0.00', '-5.00', null];
const SESSIONS = ['s-1', 's-2', ' s-3 ', '', '   ', null, 's-4', 's-5'];

const DAY_MS = 86_400_000;

export interface RandomBatchOptions {
  /** Rows in the batch. */
  readonly size: number;
  /** Arrival time of the batch; rows arrive within the minute before. */
  readonly arrivedAt: Date;
  /** Event ids already sent, for resends across batches (mutated). */
  readonly sentIds: string[];
}

export class RandomEvents {
  readonly #random: () => number;
  #next = 0;

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  #pick<T>(values: readonly T[]): T {
    return values[Math.floor(this.#random() * values.length)] as T;
  }

  #chance(p: number): boolean {
    return this.#random() < p;
  }

  #uuid(): string {
    this.#next += 1;
    const hex = Math.floor(this.#random() * 0xffffffff)
      .toString(16)
      .padStart(8, '0');
    return `${hex}-0000-4000-8000-${String(this.#next).padStart(12, '0')}`;
  }

  #eventTime(arrivedAt: Date): Date {
    const roll = this.#random();
    const base = arrivedAt.getTime();
    if (roll < 0.05) {
      // Late: hours to days earlier, into earlier UTC days.
      return new Date(base - Math.floor(this.#random() * 3 * DAY_MS));
    }
    if (roll < 0.08) return new Date(base + 10 * 60_000 + 1); // future
    if (roll < 0.11) {
      const midnight = Math.floor(base / DAY_MS) * DAY_MS;
      return new Date(this.#chance(0.5) ? midnight : midnight - 1);
    }
    return new Date(base - Math.floor(this.#random() * 120_000));
  }

  /** One batch; resends copy an earlier row, maybe with other fields. */
  batch(options: RandomBatchOptions): RawInput[] {
    const rows: RawInput[] = [];
    for (let i = 0; i < options.size; i += 1) {
      const arrived = new Date(
        options.arrivedAt.getTime() - Math.floor(this.#random() * 60_000),
      );
      const resend =
        options.sentIds.length > 0 && this.#chance(0.15)
          ? this.#pick(options.sentIds)
          : null;
      const eventId = resend ?? (this.#chance(0.03) ? null : this.#uuid());
      if (eventId !== null && resend === null) options.sentIds.push(eventId);
      const name = this.#chance(0.03) ? null : this.#pick(NAMES);
      const isPurchase = name?.trim().toLowerCase() === 'purchase';
      rows.push({
        event_id: eventId,
        event_time: this.#chance(0.03) ? null : this.#eventTime(arrived),
        user_id: this.#chance(0.03)
          ? null
          : 1 + Math.floor(this.#random() * 12),
        session_id: this.#pick(SESSIONS),
        event_name: name,
        item_id: this.#chance(0.5) ? Math.floor(this.#random() * 100) : null,
        price: isPurchase || this.#chance(0.1) ? this.#pick(PRICES) : null,
        currency: 'RUB',
        platform: this.#pick(PLATFORMS),
        region: this.#pick(REGIONS),
        source: this.#pick(SOURCES),
        experiment_id: null,
        payload: this.#chance(0.2) ? { note: 'x' } : null,
        ingested_at: arrived,
      });
    }
    return rows;
  }
}
