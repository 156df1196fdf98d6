/** Scratch databases on the real PostgreSQL server, one set per test run. */
import pg from 'pg';

export const ADMIN_URL =
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';

export const RUN_PREFIX_ENV = 'PULSE_TEST_DB_PREFIX';

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

let counter = 0;

export async function createScratchDatabase(): Promise<string> {
  const prefix = process.env[RUN_PREFIX_ENV] ?? `pulse_test_${process.pid}`;
  counter += 1;
  const name = `${prefix}_${process.pid}_${counter}`;
  await withAdmin((client) => client.query(`create database "${name}"`));
  return name;
}

export async function dropScratchDatabase(name: string): Promise<void> {
  await withAdmin((client) =>
    client.query(`drop database if exists "${name}" with (force)`),
  );
}

export async function dropRunDatabases(prefix: string): Promise<void> {
  await withAdmin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await client.query(`drop database if exists "${datname}" with (force)`);
    }
  });
}
