/**
 * Serves the embedded database on a Postgres wire port, so psql and BI
 * tools can connect while the pipeline runs.
 */
import { createServer } from 'node:net';

import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

import { ConfigError } from '../db/errors';
import type { PGliteDatabase } from '../db/pglite-driver';

export const DEFAULT_WIRE_HOST = '127.0.0.1';
export const DEFAULT_WIRE_PORT = 55432;

/** Fails with a clear line when the port is taken, before PGlite uses it. */
export async function assertPortFree(
  host: string,
  port: number,
  flag: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE' || error.code === 'EACCES'
          ? new ConfigError(
              `port ${host}:${port} is in use (${error.code}); stop what holds it or choose another with ${flag}`,
            )
          : error,
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export interface WireServer {
  readonly connectHint: string;
  close(): Promise<void>;
}

export async function startWireServer(
  db: PGliteDatabase,
  host: string,
  port: number,
): Promise<WireServer> {
  await assertPortFree(host, port, '--pg-port');
  // Socket clients share PGlite's one session: route their statements
  // through the driver's mutex so none lands inside a pipeline transaction.
  const runExclusive = <T>(fn: () => Promise<T>) =>
    db.exclusive((pglite) => pglite.runExclusive(fn));
  const guarded = new Proxy(db.pglite, {
    get(target, property) {
      if (property === 'runExclusive') return runExclusive;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as PGlite;
  const server = new PGLiteSocketServer({
    db: guarded,
    host,
    port,
    maxConnections: 16,
  });
  await server.start();
  return {
    connectHint: `psql -h ${host} -p ${port} -U postgres postgres`,
    close: () => server.stop(),
  };
}
