/**
 * The handlers invoked as Lambda invokes them: real EventBridge scheduled
 * events and CloudFormation custom-resource events, against a scratch
 * database on the real PostgreSQL server, in each of the three ways a
 * Lambda finds its database.
 */
import { readdirSync } from 'node:fs';

import { handler as generator } from '../../lambdas/generator';
import { handler as migrateHandler } from '../../lambdas/migrate';
import { handler as transform } from '../../lambdas/transform';
import { lambdaTarget } from '../../lambdas/support/database';
import type { Database } from '../../src/db/database';
import { ConfigError } from '../../src/db/errors';
import { migrate } from '../../src/db/migrate';
import { openPostgres } from '../../src/db/pg-driver';
import { generateDay, resolveConfig } from '../../src/generator/index';
import {
  startDataApiStandin,
  type DataApiStandin,
} from '../support/data-api-standin';
import {
  createScratchDatabase,
  dropScratchDatabase,
  urlFor,
} from '../support/postgres-admin';
import {
  startSecretsStandin,
  type SecretsStandin,
} from '../support/secrets-standin';
import { lambdaContext, scheduledEvent, withEnv } from './events';

const SEED = 7;
const EVENTS_PER_DAY = 50_000;
const GENERATOR_ENV = {
  PIPELINE_SEED: String(SEED),
  PIPELINE_EVENTS_PER_DAY: String(EVENTS_PER_DAY),
  PIPELINE_GENERATOR_CONFIG: undefined,
  LOG_LEVEL: 'silent',
};
const AWS_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_EC2_METADATA_DISABLED: 'true',
};

const plannedDays = new Map<string, ReturnType<typeof generateDay>>();

function plannedDay(day: string) {
  let planned = plannedDays.get(day);
  if (!planned) {
    const config = resolveConfig({ eventsPerDay: EVENTS_PER_DAY });
    planned = generateDay({ seed: SEED, day, config });
    plannedDays.set(day, planned);
  }
  return planned;
}

/** Event ids the generator plans to arrive in (from, to], by its model. */
function plannedEventIds(from: string, to: string): string[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const days = [...new Set([from.slice(0, 10), to.slice(0, 10)])];
  return days
    .flatMap((day) => plannedDay(day).events)
    .filter((event) => {
      const at = event.ingested_at.getTime();
      return at > fromMs && at <= toMs;
    })
    .map((event) => String(event.event_id))
    .sort();
}

describe('the Lambda handlers on the real PostgreSQL server', () => {
  let name: string;
  let db: Database;
  let url: string;

  const rawIds = async (from: string, to: string) => {
    const { rows } = await db.query<{ event_id: string }>(
      `select event_id::text as event_id
      from raw.events
      where ingested_at > $1::timestamptz
          and ingested_at <= $2::timestamptz
      order by event_id`,
      [from, to],
    );
    return rows.map((row) => row.event_id).sort();
  };

  beforeAll(async () => {
    name = await createScratchDatabase();
    url = urlFor(name);
    db = await openPostgres({ connectionString: url });
    await migrate(db);
  });

  afterAll(async () => {
    await db.close();
    await dropScratchDatabase(name);
  });

  test('the generator appends the minute before the scheduled time', async () => {
    const event = scheduledEvent('2026-03-10T12:00:00Z', 'pulse-generator');
    const result = await withEnv({ ...GENERATOR_ENV, DATABASE_URL: url }, () =>
      generator(event, lambdaContext),
    );
    const expected = plannedEventIds(
      '2026-03-10T11:59:00Z',
      '2026-03-10T12:00:00Z',
    );
    expect(expected.length).toBeGreaterThan(10);
    expect(result).toMatchObject({ status: 'ok', rows: expected.length });
    expect(
      await rawIds('2026-03-10T11:59:00Z', '2026-03-10T12:00:00Z'),
    ).toEqual(expected);
  });

  test('the same scheduled event delivered twice writes its minute once', async () => {
    const event = scheduledEvent('2026-03-10T12:00:00Z', 'pulse-generator');
    await withEnv({ ...GENERATOR_ENV, DATABASE_URL: url }, () =>
      generator(event, lambdaContext),
    );
    const { rows } = await db.query('select count(*) as n from raw.events');
    expect(rows).toEqual([
      {
        n: plannedEventIds('2026-03-10T11:59:00Z', '2026-03-10T12:00:00Z')
          .length,
      },
    ]);
  });

  test('the transform refreshes the marts and records an ok run', async () => {
    const result = await withEnv(
      { LOG_LEVEL: 'silent', DATABASE_URL: url },
      () =>
        transform(scheduledEvent('2026-03-10T12:05:00Z', 'pulse-transform')),
    );
    const { rows: raw } = await db.query(
      'select count(*) as n from raw.events',
    );
    expect(result).toMatchObject({ status: 'ok', rows_read: raw[0]?.n });
    const { rows: runs } = await db.query(
      'select status from dq.transform_runs where run_id = $1',
      [result.run_id],
    );
    expect(runs).toEqual([{ status: 'ok' }]);
    const { rows: days } = await db.query(
      'select dt from mart.daily_metrics order by dt',
    );
    expect(days).toContainEqual({ dt: '2026-03-10' });
  });

  test('a transform that cannot run throws, so the retry and the DLQ see it', async () => {
    const empty = await createScratchDatabase();
    try {
      await expect(
        withEnv({ LOG_LEVEL: 'silent', DATABASE_URL: urlFor(empty) }, () =>
          transform(scheduledEvent('2026-03-10T12:05:00Z', 'pulse-transform')),
        ),
      ).rejects.toThrow();
    } finally {
      await dropScratchDatabase(empty);
    }
  });

  describe('with the URL in Secrets Manager (external-database mode)', () => {
    let secrets: SecretsStandin;
    const SECRET_ARN =
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:pulse/database-url';

    beforeAll(async () => {
      const parsed = new URL(url);
      secrets = await startSecretsStandin({
        [SECRET_ARN]: JSON.stringify({
          engine: 'postgres',
          host: parsed.hostname,
          port: Number(parsed.port),
          username: decodeURIComponent(parsed.username),
          dbname: name,
        }),
      });
    });

    afterAll(async () => {
      await secrets.close();
    });

    test('the generator reads the URL once and writes the next minute', async () => {
      const env = {
        ...GENERATOR_ENV,
        ...AWS_ENV,
        DATABASE_URL: undefined,
        DB_CLUSTER_ARN: undefined,
        DATABASE_SECRET_ARN: SECRET_ARN,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      };
      for (const time of ['2026-03-10T12:01:00Z', '2026-03-10T12:02:00Z']) {
        await withEnv(env, () =>
          generator(scheduledEvent(time, 'pulse-generator'), lambdaContext),
        );
      }
      expect(
        await rawIds('2026-03-10T12:00:00Z', '2026-03-10T12:02:00Z'),
      ).toEqual(
        plannedEventIds('2026-03-10T12:00:00Z', '2026-03-10T12:02:00Z'),
      );
      expect(secrets.requests).toEqual([`GetSecretValue ${SECRET_ARN}`]);
    });
  });

  describe('through the RDS Data API (Aurora mode)', () => {
    let standin: DataApiStandin;

    beforeAll(async () => {
      standin = await startDataApiStandin();
    });

    afterAll(async () => {
      await standin.close();
    });

    const dataApiEnv = () => ({
      ...GENERATOR_ENV,
      ...AWS_ENV,
      DATABASE_URL: undefined,
      DATABASE_SECRET_ARN: undefined,
      DB_CLUSTER_ARN: standin.resourceArn,
      DB_SECRET_ARN: standin.secretArn,
      DB_NAME: name,
      AWS_ENDPOINT_URL_RDS_DATA: standin.endpoint,
    });

    test('the generator and the transform run through the Data API', async () => {
      await withEnv(dataApiEnv(), () =>
        generator(
          scheduledEvent('2026-03-10T12:03:00Z', 'pulse-generator'),
          lambdaContext,
        ),
      );
      expect(
        await rawIds('2026-03-10T12:02:00Z', '2026-03-10T12:03:00Z'),
      ).toEqual(
        plannedEventIds('2026-03-10T12:02:00Z', '2026-03-10T12:03:00Z'),
      );
      const result = await withEnv(dataApiEnv(), () =>
        transform(scheduledEvent('2026-03-10T12:05:00Z', 'pulse-transform')),
      );
      expect(result.status).toBe('ok');
      expect(result.rows_read).toBeGreaterThan(0);
      expect(standin.openTransactions()).toBe(0);
      expect(
        standin.calls.filter((call) => call.operation === 'Execute').length,
      ).toBeGreaterThan(10);
    });
  });
});

describe('the migrate custom resource', () => {
  let name: string;

  beforeAll(async () => {
    name = await createScratchDatabase();
  });

  afterAll(async () => {
    await dropScratchDatabase(name);
  });

  test('applies every migration on Create and none again on Update', async () => {
    const files = readdirSync(
      new URL('../../sql/migrations', import.meta.url),
    ).filter((file) => file.endsWith('.sql'));
    const env = { LOG_LEVEL: 'silent', DATABASE_URL: urlFor(name) };
    const created = await withEnv(env, () =>
      migrateHandler({ RequestType: 'Create' }),
    );
    expect(created).toEqual({
      PhysicalResourceId: 'pulse-migrations',
      Data: { Applied: files.length, Skipped: 0 },
    });
    const updated = await withEnv(env, () =>
      migrateHandler({
        RequestType: 'Update',
        PhysicalResourceId: 'pulse-migrations',
      }),
    );
    expect(updated.Data).toEqual({ Applied: 0, Skipped: files.length });
  });

  test('Delete keeps the data and does not connect at all', async () => {
    const deleted = await withEnv(
      { LOG_LEVEL: 'silent', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/x' },
      () =>
        migrateHandler({
          RequestType: 'Delete',
          PhysicalResourceId: 'pulse-migrations',
        }),
    );
    expect(deleted).toEqual({ PhysicalResourceId: 'pulse-migrations' });
  });
});

describe('finding the database from a Lambda environment', () => {
  test('no database variables is a configuration error that names them', async () => {
    await expect(lambdaTarget({})).rejects.toThrow(ConfigError);
    await expect(lambdaTarget({})).rejects.toThrow(
      /DB_CLUSTER_ARN with DB_SECRET_ARN, or DATABASE_SECRET_ARN, or DATABASE_URL/,
    );
  });
});
