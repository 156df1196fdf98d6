/**
 * EventBridge target, every five minutes: one transform run (stg, marts,
 * DQ), then its metrics as an EMF log line. A failed run throws so the
 * Lambda retry and the dead-letter queue see it; a failing DQ verdict is
 * data, not an error, and is reported by the DqFailed metric.
 */
import { createLogger } from '../src/log';
import { runTransform, type TransformRunResult } from '../src/transform/index';
import { withLambdaDatabase } from './support/database';
import { transformMetrics } from './support/metrics';
import type { LambdaContext, ScheduledEvent } from './support/scheduled-event';

export async function handler(
  event: Partial<ScheduledEvent>,
  context?: LambdaContext,
): Promise<TransformRunResult> {
  const log = createLogger({
    fn: 'transform',
    request_id: context?.awsRequestId,
    event_id: event.id,
  });
  const pipeline = process.env.PIPELINE_NAME ?? 'pulse';
  let result: TransformRunResult;
  try {
    // The clock, not the rule's time: DQ freshness is measured at the run.
    result = await withLambdaDatabase((db) =>
      runTransform(db, { now: new Date(), log }),
    );
  } catch (error) {
    log.error(
      {
        step: 'transform',
        err: error instanceof Error ? error.message : error,
      },
      'transform could not run',
    );
    throw error;
  }
  const metrics = transformMetrics(result, { pipeline, at: new Date() });
  if (metrics) log.info(metrics, 'transform metrics');
  if (result.status === 'failed') {
    throw new Error(`transform run ${result.run_id} failed: ${result.error}`);
  }
  return result;
}
