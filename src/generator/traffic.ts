/**
 * Clean traffic for one UTC day: visits start on a day/night curve; in a
 * visit a user views items and some go on to click, add to cart and buy.
 * A pause over 30 minutes makes the client start a new session, as web
 * analytics define one. A visit's tail that would arrive after midnight is
 * cut, so each day's stream holds exactly the rows arriving that day.
 */
import type { Faker } from '@faker-js/faker';

import {
  catalogue,
  userProfile,
  type Item,
  type UserProfile,
} from './catalogue';
import { dayNumber, DAY_MS, HOUR_MS } from './calendar';
import type { GeneratorConfig } from './config';
import type { Draft } from './draft';
import {
  elementFrom,
  fractionSource,
  intFrom,
  tokenFrom,
  uuidFrom,
} from './random';

export interface TrafficContext {
  readonly seed: number;
  readonly day: string;
  readonly dayStartMs: number;
  readonly config: GeneratorConfig;
  readonly faker: Faker;
  /** Shared across calls of one day so `seq` keeps increasing. */
  readonly counter: { seq: number; newUsers: number };
}

export function expectedEventsPerVisit(config: GeneratorConfig): number {
  const f = config.funnel;
  const perItem =
    1 + f.viewToClick * (1 + f.clickToCart * (1 + f.cartToPurchase));
  return config.itemsPerVisit * perItem + config.signupShare;
}

export function visitsPerDay(config: GeneratorConfig): number {
  return Math.round(config.eventsPerDay / expectedEventsPerVisit(config));
}

/** Relative traffic at a time of day, 1 on average over the day. */
export function trafficWeight(
  config: GeneratorConfig,
  msOfDay: number,
): number {
  const hours = msOfDay / HOUR_MS;
  const { peakHourUtc, amplitude } = config.dayNight;
  return 1 + amplitude * Math.cos((2 * Math.PI * (hours - peakHourUtc)) / 24);
}

/**
 * The context's draw in [0, 1): faker.number.float() drawn directly, as
 * the per-event loop draws millions of times.
 */
const drawOf = (ctx: TrafficContext) => fractionSource(ctx.faker);

/** A visit start (ms into the day) drawn from the day/night curve. */
function drawStart(ctx: TrafficContext): number {
  const next = drawOf(ctx);
  const ceiling = 1 + ctx.config.dayNight.amplitude;
  for (;;) {
    const at = next() * DAY_MS;
    if (next() * ceiling < trafficWeight(ctx.config, at)) {
      return at;
    }
  }
}

/** faker.number.float({ min: min s, max: max s }) in ms, rounded. */
const seconds = (next: () => number, min: number, max: number) =>
  Math.round(next() * (max * 1000 - min * 1000) + min * 1000);

/** Network and client delay: mostly under a few seconds, at most 30. */
const arrivalDelay = (next: () => number) =>
  200 + Math.round(next() ** 3 * 29_800);

const newSessionId = (faker: Faker) => `s-${tokenFrom(faker)}`;

const BROWSERS = ['chrome', 'safari', 'firefox', 'edge'];
const SIGNUP_METHODS = ['email', 'google', 'apple'];
const CLICK_TARGETS = ['gallery', 'reviews', 'details'];
const PAYMENTS = ['card', 'wallet', 'cash'];

function clientInfo(
  next: () => number,
  platform: string,
): Record<string, unknown> {
  if (platform === 'web') return { browser: elementFrom(next, BROWSERS) };
  const minor = intFrom(next, 0, 9);
  return { app_version: `5.${minor}.${intFrom(next, 0, 20)}` };
}

function pickItem(next: () => number, items: readonly Item[]): Item {
  // Squaring skews views toward the first items: a few bestsellers.
  const index = Math.floor(next() ** 2 * items.length);
  return items[index]!;
}

class Visit {
  session: string;
  t: number;
  readonly next: () => number;

  constructor(
    private readonly ctx: TrafficContext,
    private readonly user: UserProfile,
    private readonly client: Record<string, unknown>,
    start: number,
    private readonly out: Draft[],
  ) {
    this.next = drawOf(ctx);
    this.session = newSessionId(ctx.faker);
    this.t = start;
  }

  emit(name: string, item: Item | null, extra: Record<string, unknown>): void {
    const { ctx, user } = this;
    const priced = name === 'add_to_cart' || name === 'purchase';
    this.out.push({
      event_id: uuidFrom(ctx.faker),
      eventMs: this.t,
      user_id: user.id,
      session_id: this.session,
      event_name: name,
      item_id: item?.id ?? null,
      price: priced && item ? item.price : null,
      currency: priced ? ctx.config.currency : null,
      platform: user.platform,
      region: user.region,
      source: user.source,
      experiment_id: user.experimentId,
      payload: { ...this.client, ...extra },
      arrivalMs: this.t + arrivalDelay(this.next),
      seq: ctx.counter.seq++,
      fault: null,
      reserved: false,
      resendOf: null,
    });
  }

  pause(): void {
    const { faker, config } = this.ctx;
    const next = this.next;
    if (next() < config.longPauseRate) {
      this.t += seconds(next, 31 * 60, 120 * 60);
      this.session = newSessionId(faker);
    } else {
      this.t += seconds(next, 5, 240);
    }
  }
}

/** Appends one visit's events, starting `startMs` into the day. */
function addVisit(ctx: TrafficContext, startMs: number, out: Draft[]): void {
  const { config } = ctx;
  const items = catalogue(ctx.seed, config.itemCount);
  const next = drawOf(ctx);
  const isNew = next() < config.signupShare;
  const userId = isNew
    ? 1_000_000_000 + dayNumber(ctx.day) * 100_000 + ctx.counter.newUsers++
    : intFrom(next, 1, config.userPool);
  const user = userProfile(ctx.seed, userId, config);
  const client = clientInfo(next, user.platform);
  const visit = new Visit(ctx, user, client, ctx.dayStartMs + startMs, out);
  if (isNew) {
    visit.emit('signup', null, {
      page: '/signup',
      method: elementFrom(next, SIGNUP_METHODS),
    });
    visit.pause();
  }
  const keepBrowsing = 1 - 1 / config.itemsPerVisit;
  const f = config.funnel;
  do {
    const item = pickItem(next, items);
    visit.emit('view', item, {
      page: `/items/${item.id}`,
      category: item.category,
    });
    if (next() < f.viewToClick) {
      visit.t += seconds(next, 3, 60);
      visit.emit('click', item, {
        element: elementFrom(next, CLICK_TARGETS),
      });
      if (next() < f.clickToCart) {
        visit.t += seconds(next, 5, 120);
        visit.emit('add_to_cart', item, { quantity: 1 });
        if (next() < f.cartToPurchase) {
          visit.t += seconds(next, 20, 300);
          visit.emit('purchase', item, {
            quantity: 1,
            payment: elementFrom(next, PAYMENTS),
          });
        }
      }
    }
    visit.pause();
  } while (next() < keepBrowsing);
}

/** Visits between pauses of a stepped run: a few milliseconds of work. */
const VISITS_PER_STEP = 32;

/**
 * The day's clean events in creation order, cut at the day's end. Pauses
 * (yields) every few visits so a caller can let other work run between
 * steps; the draws, hence the events, do not depend on the pauses.
 */
export function* cleanTrafficSteps(
  ctx: TrafficContext,
): Generator<void, Draft[]> {
  const out: Draft[] = [];
  const visits = visitsPerDay(ctx.config);
  for (let i = 0; i < visits; i += 1) {
    addVisit(ctx, drawStart(ctx), out);
    if (i % VISITS_PER_STEP === VISITS_PER_STEP - 1) yield;
  }
  const dayEnd = ctx.dayStartMs + DAY_MS;
  return out.filter((draft) => draft.arrivalMs < dayEnd);
}

/**
 * Extra visits starting inside [fromMs, toMs), cut at `toMs`, until the
 * window holds `factor` times the events that `normal` has arriving in it.
 */
export function spikeTraffic(
  ctx: TrafficContext,
  normal: readonly Draft[],
  fromMs: number,
  toMs: number,
  factor: number,
): Draft[] {
  const inWindow = (draft: Draft) =>
    draft.arrivalMs >= fromMs && draft.arrivalMs < toMs;
  const target = normal.filter(inWindow).length * (factor - 1);
  const out: Draft[] = [];
  // The cap only guards a window too short for any visit to fit in.
  for (let tries = 0; out.length < target && tries < target + 100; tries++) {
    const visit: Draft[] = [];
    const start = fromMs + drawOf(ctx)() * (toMs - fromMs);
    addVisit(ctx, start - ctx.dayStartMs, visit);
    for (const draft of visit) if (draft.arrivalMs < toMs) out.push(draft);
  }
  return out;
}
