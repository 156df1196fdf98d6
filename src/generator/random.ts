/**
 * Seeded randomness. Each (seed, UTC day, purpose) gets its own faker
 * stream, so a day's events never depend on the days before it, on when
 * the generator runs, or on another purpose's draws. Only the English
 * locale (plus the locale-free base) is bundled, to keep the Lambda small.
 */
import { Faker, base, en } from '@faker-js/faker';

/** FNV-1a over the parts, finished with a murmur3 mix: a 32-bit seed. */
export function hash32(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u001f');
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A fresh faker seeded for one purpose of one day. */
export function seededFaker(...parts: readonly (string | number)[]): Faker {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(hash32(...parts));
  return faker;
}

/** A fraction in [0, 1) from a hash, for cheap stable per-id choices. */
export function unitFromHash(...parts: readonly (string | number)[]): number {
  return hash32(...parts) / 4_294_967_296;
}

/** Picks a key of `weights` for a fraction `u` in [0, 1). */
export function pickWeighted(
  weights: Readonly<Record<string, number>>,
  u: number,
): string {
  const entries = Object.entries(weights);
  const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
  let target = u * total;
  for (const [name, weight] of entries) {
    if (target < weight) return name;
    target -= weight;
  }
  return entries[entries.length - 1]![0];
}

const hex = (value: number, width: number) =>
  value.toString(16).padStart(width, '0');

const word = (faker: Faker) => faker.number.int(0xffffffff);

/**
 * A version-4 UUID from the faker stream. Built from four 32-bit draws:
 * faker's own uuid is about ten times slower, which a day's 20,000 ids
 * feel.
 */
export function uuidFrom(faker: Faker): string {
  const a = word(faker);
  const b = word(faker);
  const c = word(faker);
  const d = word(faker);
  const variant = ((c >>> 16) & 0x3fff) | 0x8000;
  return (
    `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-` +
    `${hex(variant, 4)}-${hex(c & 0xffff, 4)}${hex(d, 8)}`
  );
}

/** A 16-character lower-case hex token, e.g. for session ids. */
export function tokenFrom(faker: Faker): string {
  return hex(word(faker), 8) + hex(word(faker), 8);
}
