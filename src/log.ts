/**
 * Structured logging: JSON lines with a level, a message and fields such as
 * step, rows and duration_ms. Library code logs through this, never console.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<
  PinoLogger,
  'debug' | 'info' | 'warn' | 'error' | 'child'
>;

export function createLogger(
  bindings: Record<string, unknown> = {},
  level = process.env.LOG_LEVEL ?? 'info',
): Logger {
  return pino({
    level,
    base: bindings,
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  });
}

/** A logger that drops everything, for tests and quiet callers. */
export const silentLogger: Logger = createLogger({}, 'silent');
