/**
 * The built-in dashboards page for when no Redash is around: a small HTTP
 * server with the static page, the chart library, the definition (without
 * SQL) and one JSON endpoint per fixed query of that definition.
 */
import { readFile } from 'node:fs/promises';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Database } from '../db/database';
import { ConfigError } from '../db/errors';
import { silentLogger, type Logger } from '../log';
import type { DashboardSet } from './definition';
import { DASHBOARDS } from './index';
import { pageModel } from './page-model';
import { QueryRunner } from './query-runner';

export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';
export const DEFAULT_DASHBOARD_PORT = 8080;
export const PAGE_REFRESH_SECONDS = 60;

export interface DashboardServerOptions {
  readonly db: Database;
  /** Default 127.0.0.1: the page has no login, keep it on loopback. */
  readonly host?: string;
  /** Default 8080; 0 picks a free port (tests). */
  readonly port?: number;
  readonly log?: Logger;
  /** Default: the project's dashboards. */
  readonly set?: DashboardSet;
  /** How often the page reloads its data; default 60 s. */
  readonly refreshSeconds?: number;
  /**
   * Run the queries as the read-only role in read-only transactions: on a
   * server, where roles are enforced. Default false (PGlite).
   */
  readonly asReadonlyRole?: boolean;
}

export interface DashboardServer {
  readonly url: string;
  close(): Promise<void>;
}

interface StaticAsset {
  readonly path: string;
  readonly type: string;
}

const pageDir = join(dirname(fileURLToPath(import.meta.url)), 'page');
const requireHere = createRequire(import.meta.url);

const ASSETS: Record<string, StaticAsset> = {
  '/': { path: join(pageDir, 'index.html'), type: 'text/html' },
  '/assets/app.js': { path: join(pageDir, 'app.js'), type: 'text/javascript' },
  '/assets/style.css': { path: join(pageDir, 'style.css'), type: 'text/css' },
  '/assets/echarts.min.js': {
    path: requireHere.resolve('echarts/dist/echarts.min.js'),
    type: 'text/javascript',
  },
};

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) =>
  send(res, status, 'application/json', JSON.stringify(body));

export async function startDashboardServer(
  options: DashboardServerOptions,
): Promise<DashboardServer> {
  const host = options.host ?? DEFAULT_DASHBOARD_HOST;
  const port = options.port ?? DEFAULT_DASHBOARD_PORT;
  const log = (options.log ?? silentLogger).child({ step: 'dashboards' });
  const set = options.set ?? DASHBOARDS;
  const runner = new QueryRunner(options.db, set, {
    asReadonlyRole: options.asReadonlyRole,
  });
  const model = JSON.stringify(
    pageModel(set, options.refreshSeconds ?? PAGE_REFRESH_SECONDS),
  );

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { error: 'read-only: only GET is served' });
      return;
    }
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    const asset = ASSETS[path];
    if (asset) {
      send(res, 200, asset.type, await readFile(asset.path));
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (path === '/api/dashboards') {
      send(res, 200, 'application/json', model);
      return;
    }
    const match = /^\/api\/queries\/([a-z0-9_]+)$/.exec(path);
    const key = match?.[1];
    if (key && runner.has(key)) {
      const started = Date.now();
      try {
        const result = await runner.run(key);
        log.debug(
          {
            query: key,
            rows: result.rows.length,
            duration_ms: Date.now() - started,
          },
          'dashboard query',
        );
        sendJson(res, 200, result);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn({ query: key, err: message }, 'dashboard query failed');
        sendJson(res, 500, { error: message });
      }
      return;
    }
    sendJson(res, 404, { error: `no such page: ${path}` });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: String(error) }, 'dashboard request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new ConfigError(
            `port ${host}:${port} is in use (EADDRINUSE); stop what holds it or choose another with --web-port`,
          ),
        );
      } else if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
        reject(
          new ConfigError(
            `cannot serve dashboards on ${host}:${port} (${error.code}); choose another host or port (--web-host, --web-port or PIPELINE_WEB_HOST, PIPELINE_WEB_PORT)`,
          ),
        );
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve());
  });

  const address = server.address() as AddressInfo;
  const shownHost =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}`;
  log.info({ url }, 'dashboards page listening');

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
