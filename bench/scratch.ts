/** A scratch database per history size on the server, dropped afterwards. */
import pg from 'pg';

export function scratchUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(
  serverUrl: string,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createScratch(
  serverUrl: string,
  size: number,
): Promise<string> {
  const name = `pulse_bench_${size}_${process.pid}`;
  await withAdmin(serverUrl, async (client) => {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  });
  return name;
}

export async function dropScratch(
  serverUrl: string,
  name: string,
): Promise<void> {
  await withAdmin(serverUrl, (client) =>
    client.query(`drop database if exists "${name}" with (force)`),
  );
}
