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
import { tokenFrom, uuidFrom } from './random';

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

/** A visit start (ms into the day) drawn from the day/night curve. */
function drawStart(ctx: TrafficContext): number {
  const ceiling = 1 + ctx.config.dayNight.amplitude;
  for (;;) {
    const at = ctx.faker.number.float() * DAY_MS;
    if (ctx.faker.number.float() * ceiling < trafficWeight(ctx.config, at)) {
      return at;
    }
  }
}

const seconds = (faker: Faker, min: number, max: number) =>
  Math.round(faker.number.float({ min: min * 1000, max: max * 1000 }));

/** Network and client delay: mostly under a few seconds, at most 30. */
const arrivalDelay = (faker: Faker) =>
  200 + Math.round(faker.number.float() ** 3 * 29_800);

const newSessionId = (faker: Faker) => `s-${tokenFrom(faker)}`;

function clientInfo(faker: Faker, platform: string): Record<string, unknown> {
  if (platform === 'web') {
    return {
      browser: faker.helpers.arrayElement([
        'chrome',
        'safari',
        'firefox',
        'edge',
      ]),
    };
  }
  return { app_version: `5.${faker.number.int(9)}.${faker.number.int(20)}` };
}

function pickItem(ctx: TrafficContext, items: readonly Item[]): Item {
  // Squaring skews views toward the first items: a few bestsellers.
  const index = Math.floor(ctx.faker.number.float() ** 2 * items.length);
  return items[index]!;
}

class Visit {
  session: string;
  t: number;

  constructor(
    private readonly ctx: TrafficContext,
    private readonly user: UserProfile,
    private readonly client: Record<string, unknown>,
    start: number,
    private readonly out: Draft[],
  ) {
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
      arrivalMs: this.t + arrivalDelay(ctx.faker),
      seq: ctx.counter.seq++,
      fault: null,
      reserved: false,
      resendOf: null,
    });
  }

  pause(): void {
    const { faker, config } = this.ctx;
    if (faker.number.float() < config.longPauseRate) {
      this.t += seconds(faker, 31 * 60, 120 * 60);
      this.session = newSessionId(faker);
    } else {
      this.t += seconds(faker, 5, 240);
    }
  }
}

/** Appends one visit's events, starting `startMs` into the day. */
function addVisit(ctx: TrafficContext, startMs: number, out: Draft[]): void {
  const { faker, config } = ctx;
  const items = catalogue(ctx.seed, config.itemCount);
  const isNew = faker.number.float() < config.signupShare;
  const userId = isNew
    ? 1_000_000_000 + dayNumber(ctx.day) * 100_000 + ctx.counter.newUsers++
    : faker.number.int({ min: 1, max: config.userPool });
  const user = userProfile(ctx.seed, userId, config);
  const client = clientInfo(faker, user.platform);
  const visit = new Visit(ctx, user, client, ctx.dayStartMs + startMs, out);
  if (isNew) {
    visit.emit('signup', null, {
      page: '/signup',
      method: faker.helpers.arrayElement(['email', 'google', 'apple']),
    });
    visit.pause();
  }
  const keepBrowsing = 1 - 1 / config.itemsPerVisit;
  const f = config.funnel;
  do {
    const item = pickItem(ctx, items);
    visit.emit('view', item, {
      page: `/items/${item.id}`,
      category: item.category,
    });
    if (faker.number.float() < f.viewToClick) {
      visit.t += seconds(faker, 3, 60);
      visit.emit('click', item, {
        element: faker.helpers.arrayElement(['gallery', 'reviews', 'details']),
      });
      if (faker.number.float() < f.clickToCart) {
        visit.t += seconds(faker, 5, 120);
        visit.emit('add_to_cart', item, { quantity: 1 });
        if (faker.number.float() < f.cartToPurchase) {
          visit.t += seconds(faker, 20, 300);
          visit.emit('purchase', item, {
            quantity: 1,
            payment: faker.helpers.arrayElement(['card', 'wallet', 'cash']),
          });
        }
      }
    }
    visit.pause();
  } while (faker.number.float() < keepBrowsing);
}

/** The day's clean events in creation order, cut at the day's end. */
export function cleanTraffic(ctx: TrafficContext): Draft[] {
  const out: Draft[] = [];
  const visits = visitsPerDay(ctx.config);
  for (let i = 0; i < visits; i += 1) addVisit(ctx, drawStart(ctx), out);
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
    const start = fromMs + ctx.faker.number.float() * (toMs - fromMs);
    addVisit(ctx, start - ctx.dayStartMs, visit);
    for (const draft of visit) if (draft.arrivalMs < toMs) out.push(draft);
  }
  return out;
}
