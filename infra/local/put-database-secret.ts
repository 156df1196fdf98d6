/**
 * Before a LocalStack deploy: stores the Postgres URL the Lambdas use in
 * Secrets Manager (the stack references the secret by name; its value is
 * never in the template). Creates the secret, or updates its value.
 *
 * Settings: LOCALSTACK_ENDPOINT (default http://127.0.0.1:4566),
 * DATABASE_SECRET_NAME (default pulse/database-url), LOCAL_DATABASE_URL
 * (default the compose postgres service as the Lambda containers see it).
 */
import { pathToFileURL } from 'node:url';

import {
  CreateSecretCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

import { DEFAULT_DATABASE_SECRET_NAME } from '../defaults';

export const DEFAULT_LOCAL_DATABASE_URL =
  'postgres://pulse:pulse@postgres:5432/pulse';

export interface PutSecretOptions {
  readonly endpoint: string;
  readonly name: string;
  readonly url: string;
}

export function optionsFromEnv(env = process.env): PutSecretOptions {
  return {
    endpoint: env.LOCALSTACK_ENDPOINT ?? 'http://127.0.0.1:4566',
    name: env.DATABASE_SECRET_NAME ?? DEFAULT_DATABASE_SECRET_NAME,
    url: env.LOCAL_DATABASE_URL ?? DEFAULT_LOCAL_DATABASE_URL,
  };
}

/** Returns 'created' or 'updated'. */
export async function putDatabaseSecret(
  options: PutSecretOptions,
): Promise<'created' | 'updated'> {
  const client = new SecretsManagerClient({
    endpoint: options.endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    },
  });
  try {
    await client.send(
      new CreateSecretCommand({
        Name: options.name,
        SecretString: options.url,
      }),
    );
    return 'created';
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceExistsException') {
      throw error;
    }
    await client.send(
      new PutSecretValueCommand({
        SecretId: options.name,
        SecretString: options.url,
      }),
    );
    return 'updated';
  } finally {
    client.destroy();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = optionsFromEnv();
  const outcome = await putDatabaseSecret(options);
  process.stdout.write(
    `secret ${options.name} ${outcome} at ${options.endpoint}\n`,
  );
}
