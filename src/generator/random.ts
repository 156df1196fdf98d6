/**
 * Seeded randomness. Each (seed, UTC day, purpose) gets its own faker
 * stream, so a day's events never depend on the days before it, on when
 * the generator runs, or on another purpose's draws. Only the English
 * locale (plus the locale-free base) is bundled, to keep the Lambda small.
 */
import {
  Faker,
  base,
  en,
  generateMersenne53Randomizer,
  type Randomizer,
} from '@faker-js/faker';

const FNV_OFFSET = 0x811c9dc5;
const SEPARATOR = '\u001f';

/** FNV-1a state after `text`, continuing from `h`. */
function fnv(h: number, text: string): number {
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** The murmur3 finish that turns an FNV state into the 32-bit hash. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over the parts, finished with a murmur3 mix: a 32-bit seed. */
export function hash32(...parts: readonly (string | number)[]): number {
  return finish(fnv(FNV_OFFSET, parts.join(SEPARATOR)));
}

/**
 * unitFromHash(...prefix, last) for many `last`: the prefix is hashed
 * once. Same values as unitFromHash, at a fraction of the cost.
 */
export function unitsFromHashPrefix(
  ...prefix: readonly (string | number)[]
): (last: string) => number {
  const state = fnv(FNV_OFFSET, prefix.join(SEPARATOR) + SEPARATOR);
  return (last) => finish(fnv(state, last)) / 4_294_967_296;
}

const randomizers = new WeakMap<Faker, Randomizer>();

/** A fresh faker seeded for one purpose of one day. */
export function seededFaker(...parts: readonly (string | number)[]): Faker {
  // Faker's default randomizer, made here so hot loops can draw from it
  // directly (see fraction).
  const randomizer = generateMersenne53Randomizer();
  const faker = new Faker({ locale: [en, base], randomizer });
  faker.seed(hash32(...parts));
  randomizers.set(faker, randomizer);
  return faker;
}

/**
 * The stream's next draw in [0, 1): exactly faker.number.float(), which
 * adds option handling that the per-event loop feels. Fakers not made by
 * seededFaker fall back to that call.
 */
export function fractionSource(faker: Faker): () => number {
  const randomizer = randomizers.get(faker);
  if (!randomizer) return () => faker.number.float();
  return () => randomizer.next();
}

/**
 * faker.number.int({ min, max }) for integers min <= max, the same draw
 * and value: faker returns min without drawing when min equals max.
 */
export function intFrom(next: () => number, min: number, max: number): number {
  if (min === max) return min;
  return Math.floor(next() * (max - min + 1) + min);
}

/** faker.helpers.arrayElement, the same draw and value. */
export function elementFrom<T>(next: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('no items to pick from');
  return items[items.length > 1 ? intFrom(next, 0, items.length - 1) : 0]!;
}

/**
 * faker.helpers.arrayElements(items, count) for 0 < count <= length: the
 * same draws and result, but it shuffles `items` itself instead of a copy.
 */
export function sampleInPlace<T>(
  next: () => number,
  items: T[],
  count: number,
): T[] {
  const last = items.length - count;
  // Faker's shuffle (count = length) stops before i = 0; intFrom(0, 0)
  // does not draw either, so one loop serves both of its paths.
  for (let i = items.length - 1; i >= last; i -= 1) {
    const j = intFrom(next, 0, i);
    const picked = items[j]!;
    items[j] = items[i]!;
    items[i] = picked;
  }
  return count === items.length ? items : items.slice(last);
}

/** A fraction in [0, 1) from a hash, for cheap stable per-id choices. */
export function unitFromHash(...parts: readonly (string | number)[]): number {
  return hash32(...parts) / 4_294_967_296;
}

interface WeightTable {
  readonly entries: readonly (readonly [string, number])[];
  readonly total: number;
}

const weightTables = new WeakMap<object, WeightTable>();

function weightTable(weights: Readonly<Record<string, number>>): WeightTable {
  let table = weightTables.get(weights);
  if (!table) {
    const entries = Object.entries(weights);
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    table = { entries, total };
    weightTables.set(weights, table);
  }
  return table;
}

/** Picks a key of `weights` for a fraction `u` in [0, 1). */
export function pickWeighted(
  weights: Readonly<Record<string, number>>,
  u: number,
): string {
  // Weights are read-only config, so each object's table is kept.
  const { entries, total } = weightTable(weights);
  let target = u * total;
  for (const [name, weight] of entries) {
    if (target < weight) return name;
    target -= weight;
  }
  return entries[entries.length - 1]![0];
}

const HEX_CODES = Buffer.from('0123456789abcdef', 'latin1');
// One scratch buffer: ids are written into it and copied out as one flat
// string. Built by concatenation, a 36-character id is a tree of a dozen
// short strings, and a backfill keeps a day of them (a third of its heap).
const scratch = Buffer.alloc(36);

/** `digits` hex digits of `value` (low digits last) at `at` in scratch. */
function putHex(at: number, value: number, digits: number): void {
  let rest = value;
  for (let i = at + digits - 1; i >= at; i -= 1) {
    scratch[i] = HEX_CODES[rest & 0xf]!;
    rest >>>= 4;
  }
}

const DASH = 0x2d;

/** faker.number.int(0xffffffff) from the stream. */
const word = (next: () => number) => intFrom(next, 0, 0xffffffff);

/**
 * A version-4 UUID from the faker stream. Built from four 32-bit draws:
 * faker's own uuid is about ten times slower, which a day's 20,000 ids
 * feel.
 */
export function uuidFrom(faker: Faker): string {
  const next = fractionSource(faker);
  const a = word(next);
  const b = word(next);
  const c = word(next);
  const d = word(next);
  const variant = ((c >>> 16) & 0x3fff) | 0x8000;
  putHex(0, a, 8);
  scratch[8] = DASH;
  putHex(9, b >>> 16, 4);
  scratch[13] = DASH;
  putHex(14, 0x4000 | (b & 0xfff), 4);
  scratch[18] = DASH;
  putHex(19, variant, 4);
  scratch[23] = DASH;
  putHex(24, c & 0xffff, 4);
  putHex(28, d, 8);
  return scratch.toString('latin1', 0, 36);
}

/** A 16-character lower-case hex token, e.g. for session ids. */
export function tokenFrom(faker: Faker): string {
  const next = fractionSource(faker);
  putHex(0, word(next), 8);
  putHex(8, word(next), 8);
  return scratch.toString('latin1', 0, 16);
}
