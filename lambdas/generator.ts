/**
 * EventBridge target, every minute: appends the events that arrived since
 * the previous tick to raw.events. Settings: PIPELINE_SEED,
 * PIPELINE_EVENTS_PER_DAY, PIPELINE_GENERATOR_CONFIG (see
 * src/generator/settings.ts) and the database variables of
 * support/database.ts.
 */
import {
  configFromEnv,
  generateTick,
  resolveSeed,
  type TickResult,
} from '../src/generator/index';
import { createLogger } from '../src/log';
import { withLambdaDatabase } from './support/database';
import {
  eventTime,
  type LambdaContext,
  type ScheduledEvent,
} from './support/scheduled-event';

export async function handler(
  event: Partial<ScheduledEvent>,
  context?: LambdaContext,
): Promise<TickResult> {
  const log = createLogger({
    fn: 'generator',
    request_id: context?.awsRequestId,
    event_id: event.id,
  });
  try {
    const seed = resolveSeed(undefined);
    const config = configFromEnv();
    // The rule's time, not the clock: a retried event covers the same
    // minute, and the tick's state makes the retry write nothing twice.
    const now = eventTime(event);
    return await withLambdaDatabase((db) =>
      generateTick(db, { seed, now, config, log }),
    );
  } catch (error) {
    log.error(
      { step: 'generate', err: error instanceof Error ? error.message : error },
      'generator tick failed',
    );
    throw error;
  }
}
