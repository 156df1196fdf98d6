/** Flag parsers that turn bad input into one ConfigError line. */
import { ConfigError } from '../db/errors';

export function parseIntegerFlag(
  flag: string,
  min: number,
  max: number,
): (text: string) => number {
  return (text) => {
    const value = /^\s*-?\d+\s*$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new ConfigError(
        `${flag} must be a whole number from ${min} to ${max}, got "${text}"`,
      );
    }
    return value;
  };
}

export const parsePort = (flag: string) => parseIntegerFlag(flag, 1, 65_535);
