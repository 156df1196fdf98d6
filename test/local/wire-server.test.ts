import { createServer, type Server } from 'node:net';

import pg from 'pg';

import { openPGlite, type PGliteDatabase } from '../../src/db/pglite-driver';
import { migrate } from '../../src/db/migrate';
import { startWireServer, type WireServer } from '../../src/local/wire-server';

const HOST = '127.0.0.1';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('embedded wire port', () => {
  let db: PGliteDatabase;
  let wire: WireServer;
  let port: number;

  beforeAll(async () => {
    db = await openPGlite();
    await migrate(db);
    port = await freePort();
    wire = await startWireServer(db, HOST, port);
  });

  afterAll(async () => {
    await wire.close();
    await db.close();
  });

  test('a Postgres client counts raw events while the pipeline writes', async () => {
    await db.insertRows('raw.events', ['event_name'], [['view'], ['click']]);
    const client = new pg.Client({ host: HOST, port, user: 'postgres' });
    await client.connect();
    try {
      const { rows } = await client.query(
        'select count(*)::int as n from raw.events',
      );
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      await client.end();
    }
    expect(wire.connectHint).toBe(
      `psql -h ${HOST} -p ${port} -U postgres postgres`,
    );
  });

  test('a client never sees the inside of a pipeline transaction', async () => {
    const client = new pg.Client({ host: HOST, port, user: 'postgres' });
    await client.connect();
    try {
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const insertedPromise = new Promise<void>(
        (resolve) => (inserted = resolve),
      );
      const transaction = db.transaction(async (tx) => {
        await tx.query(
          "insert into raw.events (event_name) values ('uncommitted')",
        );
        inserted();
        await held;
        throw new Error('rolled back on purpose');
      });
      await insertedPromise;
      const seen = client.query(
        "select count(*)::int as n from raw.events where event_name = 'uncommitted'",
      );
      // Give the client's query time to reach the server while the
      // transaction is still open.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await expect(transaction).rejects.toThrow('rolled back on purpose');
      expect((await seen).rows).toEqual([{ n: 0 }]);
    } finally {
      await client.end();
    }
  });

  test('a port in use is refused with one line naming the flag', async () => {
    const blocker: Server = createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => blocker.listen(taken, HOST, resolve));
    try {
      await expect(startWireServer(db, HOST, taken)).rejects.toThrow(
        `port ${HOST}:${taken} is in use (EADDRINUSE); stop what holds it or choose another with --pg-port`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
