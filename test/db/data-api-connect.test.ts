import {
  openDatabase,
  targetFromEnv,
  DEFAULT_DATA_API_DATABASE,
} from '../../src/db/connect';
import { ConfigError } from '../../src/db/errors';
import {
  startDataApiStandin,
  standinClientConfig,
} from '../support/data-api-standin';

const CLUSTER = 'arn:aws:rds:eu-west-1:123456789012:cluster:pulse-db';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC';

describe('choosing the Data API from the environment', () => {
  test('a cluster ARN with its secret selects the Data API', () => {
    expect(
      targetFromEnv({ DB_CLUSTER_ARN: CLUSTER, DB_SECRET_ARN: SECRET }),
    ).toEqual({
      kind: 'data-api',
      resourceArn: CLUSTER,
      secretArn: SECRET,
      database: DEFAULT_DATA_API_DATABASE,
    });
  });

  test('DB_NAME names the database', () => {
    expect(
      targetFromEnv({
        DB_CLUSTER_ARN: CLUSTER,
        DB_SECRET_ARN: SECRET,
        DB_NAME: 'analytics',
      }),
    ).toMatchObject({ kind: 'data-api', database: 'analytics' });
  });

  test('DATABASE_URL wins over a cluster ARN', () => {
    expect(
      targetFromEnv({
        DATABASE_URL: 'postgres://u@h/db',
        DB_CLUSTER_ARN: CLUSTER,
      }),
    ).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
  });

  test('a cluster ARN without a secret is a configuration error', () => {
    expect(() => targetFromEnv({ DB_CLUSTER_ARN: CLUSTER })).toThrow(
      ConfigError,
    );
    expect(() => targetFromEnv({ DB_CLUSTER_ARN: CLUSTER })).toThrow(
      /DB_SECRET_ARN/,
    );
  });

  test('a malformed cluster ARN is named in the error', async () => {
    await expect(
      openDatabase({
        kind: 'data-api',
        resourceArn: 'pulse-db',
        secretArn: SECRET,
        database: 'pulse',
      }),
    ).rejects.toThrow(/"pulse-db" is not an Aurora cluster ARN/);
  });

  test('the opened driver describes the cluster and database, no secret', async () => {
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    const standin = await startDataApiStandin();
    const previous = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_RDS_DATA: standinClientConfig(standin).endpoint,
    });
    try {
      const db = await openDatabase(
        targetFromEnv({
          DB_CLUSTER_ARN: standin.resourceArn,
          DB_SECRET_ARN: standin.secretArn,
          DB_NAME: 'postgres',
        }),
      );
      expect(db.description).toBe('RDS Data API standin/postgres');
      const { rows } = await db.query('select 1 + 1 as two');
      expect(rows).toEqual([{ two: 2 }]);
      await db.close();
    } finally {
      process.env = previous;
      await standin.close();
    }
  });
});
