/**
 * CloudFormation custom resource (through the CDK Provider): applies
 * sql/migrations on every create and update of the stack, so the database
 * is ready before the first scheduled run. Deleting the stack leaves the
 * data alone.
 */
import { migrate } from '../src/db/migrate';
import { createLogger } from '../src/log';
import { withLambdaDatabase } from './support/database';

export interface MigrationEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties?: Record<string, unknown>;
}

export interface MigrationResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string | number>;
}

export const PHYSICAL_ID = 'pulse-migrations';

export async function handler(
  event: MigrationEvent,
): Promise<MigrationResponse> {
  const log = createLogger({ fn: 'migrate', request: event.RequestType });
  if (event.RequestType === 'Delete') {
    return { PhysicalResourceId: event.PhysicalResourceId ?? PHYSICAL_ID };
  }
  const started = Date.now();
  try {
    const result = await withLambdaDatabase((db) => migrate(db));
    log.info(
      {
        step: 'migrate',
        rows: result.applied.length,
        applied: result.applied,
        duration_ms: Date.now() - started,
      },
      'migrations applied',
    );
    return {
      PhysicalResourceId: PHYSICAL_ID,
      Data: {
        Applied: result.applied.length,
        Skipped: result.skipped,
      },
    };
  } catch (error) {
    log.error(
      { step: 'migrate', err: error instanceof Error ? error.message : error },
      'migrations failed',
    );
    throw error;
  }
}
