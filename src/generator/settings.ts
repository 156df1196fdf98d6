/**
 * Seeds, day counts and config from flags and the environment, checked
 * here so a bad value ends in one line that names it.
 */
import { ConfigError } from '../db/errors';
import {
  DEFAULT_SEED,
  resolveConfig,
  type GeneratorConfig,
  type GeneratorConfigInput,
} from './config';

export const MAX_SEED = 4_294_967_295;
export const MAX_BACKFILL_DAYS = 3650;
export const DEFAULT_BACKFILL_DAYS = 7;

function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
}

export function parseSeed(text: string, where = '--seed'): number {
  const seed = wholeNumber(text);
  if (!Number.isSafeInteger(seed) || seed > MAX_SEED) {
    throw new ConfigError(
      `bad ${where} "${text}": use a whole number from 0 to ${MAX_SEED}`,
    );
  }
  return seed;
}

export function parseDays(text: string, where = '--days'): number {
  const days = wholeNumber(text);
  if (!Number.isSafeInteger(days) || days > MAX_BACKFILL_DAYS) {
    throw new ConfigError(
      `bad ${where} "${text}": use a whole number of days from 0 to ${MAX_BACKFILL_DAYS}`,
    );
  }
  return days;
}

/** The seed: the flag, else PIPELINE_SEED, else DEFAULT_SEED. */
export function resolveSeed(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): number {
  if (flag !== undefined) return parseSeed(flag);
  const fromEnv = env.PIPELINE_SEED?.trim();
  return fromEnv ? parseSeed(fromEnv, 'PIPELINE_SEED') : DEFAULT_SEED;
}

/**
 * Settings from PIPELINE_GENERATOR_CONFIG (JSON, e.g. to turn on an
 * outage) and PIPELINE_EVENTS_PER_DAY, with flag values on top.
 */
export function configFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: GeneratorConfigInput = {},
): GeneratorConfig {
  let input: GeneratorConfigInput = {};
  const json = env.PIPELINE_GENERATOR_CONFIG?.trim();
  if (json) {
    try {
      input = JSON.parse(json) as GeneratorConfigInput;
    } catch {
      throw new ConfigError(
        'PIPELINE_GENERATOR_CONFIG is not JSON; give an object such as {"outage":{"rate":1}}',
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new ConfigError(
        'PIPELINE_GENERATOR_CONFIG must be a JSON object such as {"outage":{"rate":1}}',
      );
    }
  }
  const perDay = env.PIPELINE_EVENTS_PER_DAY?.trim();
  if (perDay) {
    input = {
      ...input,
      eventsPerDay: parseEventsPerDay(perDay, 'PIPELINE_EVENTS_PER_DAY'),
    };
  }
  return resolveConfig({ ...input, ...overrides });
}

export function parseEventsPerDay(
  text: string,
  where = '--events-per-day',
): number {
  const count = wholeNumber(text);
  if (!Number.isSafeInteger(count) || count > 5_000_000) {
    throw new ConfigError(
      `bad ${where} "${text}": use a whole number from 0 to 5000000`,
    );
  }
  return count;
}
