import {
  generateDay,
  type GeneratedDay,
  type RawEventInput,
} from '../../src/generator/index';

const DAY = '2026-05-20';
const ACCEPTED = ['view', 'click', 'add_to_cart', 'purchase', 'signup'];

/** Rows as a clean client sent them: no fault, no resend. */
function cleanRows(generated: GeneratedDay): RawEventInput[] {
  const faulty = new Set(generated.ledger.map((entry) => `${entry.event_id}`));
  return generated.events.filter(
    (event) => event.event_id !== null && !faulty.has(event.event_id),
  );
}

const countBy = <T>(rows: readonly T[], key: (row: T) => string) => {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
  return counts;
};

describe('generated traffic with the default settings', () => {
  let day: GeneratedDay;
  let clean: RawEventInput[];

  beforeAll(() => {
    day = generateDay({ seed: 11, day: DAY });
    clean = cleanRows(day);
  });

  test('a day has about 20,000 events', () => {
    expect(day.events.length).toBeGreaterThan(19_000);
    expect(day.events.length).toBeLessThan(21_000);
  });

  test('every row arrives on its day, in arrival order', () => {
    const times = day.events.map((event) => event.ingested_at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(Date.parse(`${DAY}T00:00:00Z`));
    expect(times.at(-1)).toBeLessThan(Date.parse('2026-05-21T00:00:00Z'));
  });

  test('funnel steps follow the configured probabilities', () => {
    const names = countBy(clean, (event) => event.event_name!);
    expect(Math.abs(names.click! / names.view! - 0.35)).toBeLessThan(0.02);
    expect(Math.abs(names.add_to_cart! / names.click! - 0.4)).toBeLessThan(
      0.03,
    );
    expect(Math.abs(names.purchase! / names.add_to_cart! - 0.45)).toBeLessThan(
      0.05,
    );
  });

  test('configured funnel probabilities change the step rates', () => {
    const eager = generateDay({
      seed: 11,
      day: DAY,
      config: {
        eventsPerDay: 5_000,
        funnel: { viewToClick: 0.8, clickToCart: 0.7, cartToPurchase: 0.9 },
      },
    });
    const names = countBy(cleanRows(eager), (event) => event.event_name!);
    expect(Math.abs(names.click! / names.view! - 0.8)).toBeLessThan(0.03);
    expect(Math.abs(names.add_to_cart! / names.click! - 0.7)).toBeLessThan(
      0.04,
    );
    expect(Math.abs(names.purchase! / names.add_to_cart! - 0.9)).toBeLessThan(
      0.04,
    );
  });

  test('users keep one home platform, region and source with the default mix', () => {
    const homes = new Map<number, string>();
    const moved: string[] = [];
    for (const event of clean) {
      const home = `${event.platform}|${event.region}|${event.source}`;
      if ((homes.get(event.user_id!) ?? home) !== home) moved.push(home);
      homes.set(event.user_id!, home);
    }
    expect(moved).toEqual([]);
    const users = [...homes.values()].map((home) => home.split('|'));
    const share = (index: number, value: string) =>
      users.filter((home) => home[index] === value).length / users.length;
    expect(users.length).toBeGreaterThan(3_000);
    expect(Math.abs(share(0, 'web') - 0.5)).toBeLessThan(0.03);
    expect(Math.abs(share(0, 'ios') - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(share(0, 'android') - 0.2)).toBeLessThan(0.03);
    expect(Math.abs(share(2, 'organic') - 0.65)).toBeLessThan(0.03);
    expect(Math.abs(share(2, 'ads') - 0.25)).toBeLessThan(0.03);
    expect(Math.abs(share(2, 'referral') - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(share(1, 'msk') - 0.4)).toBeLessThan(0.03);
  });

  test('traffic peaks in the evening and dips at night as the curve says', () => {
    // w(h) = 1 + 0.6 cos(2 pi (h - 17) / 24); four hours around the peak
    // (15-19 UTC) against four around the trough (3-7 UTC):
    // (4 + 0.6 * 12 / pi) / (4 - 0.6 * 12 / pi).
    const expected = (4 + (0.6 * 12) / Math.PI) / (4 - (0.6 * 12) / Math.PI);
    const hours = clean.map((event) => event.event_time!.getUTCHours());
    const peak = hours.filter((h) => h >= 15 && h < 19).length;
    const trough = hours.filter((h) => h >= 3 && h < 7).length;
    expect(peak / trough).toBeGreaterThan(expected * 0.85);
    expect(peak / trough).toBeLessThan(expected * 1.15);
  });

  test('each item has one stable price, on the same items every day', () => {
    const other = cleanRows(generateDay({ seed: 11, day: '2026-05-21' }));
    const prices = new Map<number, string>();
    const odd: RawEventInput[] = [];
    for (const event of [...clean, ...other]) {
      if (event.price === null) continue;
      const known = prices.get(event.item_id!) ?? event.price;
      const wellFormed = /^\d+\.\d{2}$/.test(event.price);
      if (known !== event.price || !wellFormed || event.currency !== 'RUB') {
        odd.push(event);
      }
      prices.set(event.item_id!, event.price);
    }
    expect(odd).toEqual([]);
    expect(prices.size).toBeGreaterThan(100);
  });

  test('clean purchases and carts carry a price; views, clicks and signups do not', () => {
    const odd = clean.filter(
      (event) =>
        ['add_to_cart', 'purchase'].includes(event.event_name!) !==
        (event.price !== null),
    );
    expect(odd).toEqual([]);
  });

  test('a session never pauses for more than 30 minutes', () => {
    const bySession = new Map<string, number[]>();
    for (const event of clean) {
      const times = bySession.get(event.session_id!) ?? [];
      times.push(event.event_time!.getTime());
      bySession.set(event.session_id!, times);
    }
    let longest = 0;
    for (const times of bySession.values()) {
      times.sort((a, b) => a - b);
      for (let i = 1; i < times.length; i += 1) {
        longest = Math.max(longest, times[i]! - times[i - 1]!);
      }
    }
    expect(longest).toBeLessThanOrEqual(30 * 60_000);
    // Long pauses do happen: some users start a second session.
    const sessionsPerUser = countBy(
      [...new Set(clean.map((e) => `${e.user_id}|${e.session_id}`))],
      (key) => key.split('|')[0]!,
    );
    const returning = Object.values(sessionsPerUser).filter((n) => n > 1);
    expect(returning.length).toBeGreaterThan(50);
  });

  test('new users sign up before anything else', () => {
    const signups = clean.filter((event) => event.event_name === 'signup');
    expect(signups.length).toBeGreaterThan(200);
    const firstByUser = new Map<number, RawEventInput>();
    for (const event of clean) {
      const first = firstByUser.get(event.user_id!);
      if (!first || event.event_time! < first.event_time!) {
        firstByUser.set(event.user_id!, event);
      }
    }
    const odd = signups.filter(
      (signup) => firstByUser.get(signup.user_id!)?.event_name !== 'signup',
    );
    expect(odd).toEqual([]);
  });

  test('clean rows hold only accepted values and plausible extras', () => {
    const uuid =
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const odd = clean.filter((event) => {
      const delay = event.ingested_at.getTime() - event.event_time!.getTime();
      return (
        !ACCEPTED.includes(event.event_name!) ||
        !uuid.test(event.event_id!) ||
        delay < 0 ||
        delay > 30_000 ||
        !/^[a-z_0-9]+:[a-z]$/.test(event.experiment_id ?? 'none:x') ||
        typeof event.payload !== 'object'
      );
    });
    expect(odd).toEqual([]);
    expect(new Set(clean.map((event) => event.event_id)).size).toBe(
      clean.length,
    );
  });
});
