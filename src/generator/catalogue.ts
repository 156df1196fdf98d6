/**
 * The stable world a seed describes: an item catalogue with one price per
 * item, and users whose home platform, region and source never change.
 * Both depend on the seed only, never on the day.
 */
import type { GeneratorConfig } from './config';
import { pickWeighted, seededFaker, unitsFromHashPrefix } from './random';

export interface Item {
  readonly id: number;
  readonly name: string;
  readonly category: string;
  /** Decimal text, e.g. '1299.00'. */
  readonly price: string;
}

export interface UserProfile {
  readonly id: number;
  readonly platform: string;
  readonly region: string;
  readonly source: string;
  readonly experimentId: string | null;
}

const catalogues = new Map<string, readonly Item[]>();

export function catalogue(seed: number, itemCount: number): readonly Item[] {
  const key = `${seed}:${itemCount}`;
  const cached = catalogues.get(key);
  if (cached) return cached;
  const faker = seededFaker(seed, 'catalogue');
  const items: Item[] = [];
  for (let id = 1; id <= itemCount; id += 1) {
    items.push({
      id,
      name: faker.commerce.productName(),
      category: faker.commerce.department(),
      price: faker.commerce.price({ min: 199, max: 15_999, dec: 2 }),
    });
  }
  // A handful of seeds is all a process uses; the cap only bounds misuse.
  if (catalogues.size > 8) catalogues.clear();
  catalogues.set(key, items);
  return items;
}

const EXPERIMENTS = ['checkout_button_v2', 'search_ranking_b'] as const;

export function userProfile(
  seed: number,
  userId: number,
  config: GeneratorConfig,
): UserProfile {
  // unitFromHash(seed, 'user', userId, what), the common prefix hashed once.
  const pick = unitsFromHashPrefix(seed, 'user', userId);
  const bucket = pick('experiment');
  // Half the users are in no experiment; the rest split over arms.
  const experiment = bucket < 0.5 ? null : EXPERIMENTS[bucket < 0.75 ? 0 : 1];
  const arm = pick('arm') < 0.5 ? 'a' : 'b';
  return {
    id: userId,
    platform: pickWeighted(config.platforms, pick('platform')),
    region: pickWeighted(config.regions, pick('region')),
    source: pickWeighted(config.sources, pick('source')),
    experimentId: experiment ? `${experiment}:${arm}` : null,
  };
}
