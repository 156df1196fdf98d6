import { RUN_PREFIX_ENV, dropRunDatabases } from './support/postgres-admin';

export default async function globalTeardown(): Promise<void> {
  const prefix = process.env[RUN_PREFIX_ENV];
  if (prefix) await dropRunDatabases(prefix);
}
