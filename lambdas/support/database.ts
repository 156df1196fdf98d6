/**
 * The database a Lambda works on, from its environment:
 * - `DB_CLUSTER_ARN`, `DB_SECRET_ARN`, `DB_NAME`: Aurora via the Data API;
 * - `DATABASE_SECRET_ARN`: the ARN or name of a Secrets Manager secret
 *   holding a Postgres URL (external-database mode, e.g. LocalStack), read
 *   once per container;
 * - `DATABASE_URL`: a Postgres URL given directly (tests, ad-hoc runs).
 * The driver itself is chosen in src/db/connect.ts.
 */
import {
  GetSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

import {
  openDatabase,
  targetFromEnv,
  type DatabaseTarget,
} from '../../src/db/connect';
import type { Database } from '../../src/db/database';
import { ConfigError } from '../../src/db/errors';

const secretCache = new Map<string, string>();

/**
 * A Postgres URL from a secret's text: the URL itself, `{"url": ...}`, or
 * the RDS shape `{host, port, username, password, dbname}`.
 */
export function urlFromSecret(text: string, secretId: string): string {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//.test(trimmed)) return trimmed;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    throw new ConfigError(
      `secret ${secretId} holds neither a postgres:// URL nor JSON; store the connection URL in it`,
    );
  }
  if (typeof parsed.url === 'string') return parsed.url;
  const { host, port, username, password, dbname } = parsed;
  if (typeof host !== 'string' || typeof username !== 'string') {
    throw new ConfigError(
      `secret ${secretId} has no "url" and no "host"/"username"; store {"url": "postgres://..."}`,
    );
  }
  const auth = `${encodeURIComponent(username)}${
    typeof password === 'string' ? `:${encodeURIComponent(password)}` : ''
  }`;
  return `postgres://${auth}@${host}:${String(port ?? 5432)}/${String(
    dbname ?? 'postgres',
  )}`;
}

async function readSecret(secretId: string): Promise<string> {
  const cached = secretCache.get(secretId);
  if (cached) return cached;
  const client = new SecretsManagerClient({});
  try {
    const { SecretString } = await client.send(
      new GetSecretValueCommand({ SecretId: secretId }),
    );
    if (!SecretString) {
      throw new ConfigError(`secret ${secretId} has no string value`);
    }
    const url = urlFromSecret(SecretString, secretId);
    secretCache.set(secretId, url);
    return url;
  } finally {
    client.destroy();
  }
}

export async function lambdaTarget(
  env: NodeJS.ProcessEnv = process.env,
): Promise<DatabaseTarget> {
  const secretId = env.DATABASE_SECRET_ARN?.trim();
  if (secretId && !env.DATABASE_URL) {
    return { kind: 'postgres', url: await readSecret(secretId) };
  }
  const target = targetFromEnv(env);
  if (target.kind === 'embedded') {
    throw new ConfigError(
      'no database configured for this Lambda; set DB_CLUSTER_ARN with DB_SECRET_ARN, or DATABASE_SECRET_ARN, or DATABASE_URL',
    );
  }
  return target;
}

/** Opens the Lambda's database for one invocation and always closes it. */
export async function withLambdaDatabase<T>(
  fn: (db: Database) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const db = await openDatabase(await lambdaTarget(env));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
