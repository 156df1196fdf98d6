import { DASHBOARDS } from '../../src/dashboards';
import {
  startDashboardServer,
  type DashboardServer,
} from '../../src/dashboards/server';
import { ConfigError } from '../../src/db/errors';
import { openEngine, type OpenedEngine } from '../support/engines';
import { seedDashboards } from './seed';

describe('dashboards server', () => {
  let engine: OpenedEngine;
  let server: DashboardServer;

  beforeAll(async () => {
    engine = await openEngine('pglite');
    await seedDashboards(engine.db);
    server = await startDashboardServer({ db: engine.db, port: 0 });
  });

  afterAll(async () => {
    await server?.close();
    await engine?.dispose();
  });

  test('listens on loopback by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('describes both dashboards without sending any SQL', async () => {
    const response = await fetch(`${server.url}/api/dashboards`);
    const text = await response.text();
    const model = JSON.parse(text) as {
      refreshSeconds: number;
      dashboards: { slug: string; widgets: unknown[] }[];
    };
    expect(model.refreshSeconds).toBe(60);
    expect(model.dashboards.map((d) => [d.slug, d.widgets.length])).toEqual(
      DASHBOARDS.dashboards.map((d) => [d.slug, d.widgets.length]),
    );
    for (const query of DASHBOARDS.queries) {
      expect(text).not.toContain(query.sql.split('\n')[1]);
    }
    expect(text).not.toMatch(/\bselect\b/);
  });

  test('serves a fixed query of the definition as JSON', async () => {
    const response = await fetch(`${server.url}/api/queries/dq_run_log`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      columns: string[];
      rows: { run_id: number }[];
    };
    expect(body.columns).toContain('duration_ms');
    expect(body.rows.map((r) => r.run_id)).toEqual([3, 2, 1]);
  });

  test('refuses anything that is not a query of the definition', async () => {
    const unknown = await fetch(`${server.url}/api/queries/drop_everything`);
    expect(unknown.status).toBe(404);
    const sql = await fetch(
      `${server.url}/api/queries/${encodeURIComponent('select 1')}`,
    );
    expect(sql.status).toBe(404);
  });

  test('answers only reads', async () => {
    const response = await fetch(`${server.url}/api/queries/dq_run_log`, {
      method: 'POST',
      body: 'select 1',
    });
    expect(response.status).toBe(405);
  });

  test('serves the page, its script and the chart library', async () => {
    for (const [path, type] of [
      ['/', 'text/html'],
      ['/assets/app.js', 'text/javascript'],
      ['/assets/style.css', 'text/css'],
      ['/assets/echarts.min.js', 'text/javascript'],
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toContain(type);
    }
  });

  test('a port in use is one clear configuration error', async () => {
    const port = Number(new URL(server.url).port);
    await expect(startDashboardServer({ db: engine.db, port })).rejects.toThrow(
      new ConfigError(
        `port 127.0.0.1:${port} is in use (EADDRINUSE); stop what holds it or choose another with --web-port`,
      ),
    );
  });
});
