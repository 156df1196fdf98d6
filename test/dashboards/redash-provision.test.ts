import { DASHBOARDS } from '../../src/dashboards';
import type { DashboardSet } from '../../src/dashboards/definition';
import {
  provisionRedash,
  type ProvisionOptions,
} from '../../src/dashboards/redash/provision';
import { ConfigError } from '../../src/db/errors';
import { RedashStandin } from '../support/redash-standin';

const DATA_SOURCE = {
  name: 'Pulse (read-only)',
  host: 'postgres',
  port: 5432,
  dbname: 'pulse',
  user: 'pulse_readonly',
  password: 's3cret',
};

const FULL_SCHEDULE = {
  interval: 300,
  time: null,
  day_of_week: null,
  until: null,
};

function options(
  standin: RedashStandin,
  extra: Partial<ProvisionOptions> = {},
): ProvisionOptions {
  return {
    redash: { url: standin.url, apiKey: standin.apiKey, retryDelayMs: 1 },
    dataSource: DATA_SOURCE,
    ...extra,
  };
}

describe('Redash provisioning against the API stand-in', () => {
  let standin: RedashStandin;

  beforeEach(async () => {
    standin = await new RedashStandin().start();
  });

  afterEach(async () => {
    await standin.stop();
  });

  test('a first run creates the data source, published scheduled queries, visualizations and both dashboards', async () => {
    const report = await provisionRedash(options(standin));

    const sources = [...standin.state.dataSources.values()];
    expect(sources).toEqual([
      expect.objectContaining({
        name: DATA_SOURCE.name,
        type: 'pg',
        options: {
          host: 'postgres',
          port: 5432,
          dbname: 'pulse',
          user: 'pulse_readonly',
          password: 's3cret',
        },
      }),
    ]);
    const sourceId = sources[0]?.id;

    expect(standin.state.queries.size).toBe(DASHBOARDS.queries.length);
    for (const definition of DASHBOARDS.queries) {
      const [query, ...others] = standin.queriesNamed(definition.name);
      expect(others).toEqual([]);
      expect(query).toMatchObject({
        query: definition.sql,
        data_source_id: sourceId,
        is_draft: false,
        schedule: FULL_SCHEDULE,
        tags: ['pulse'],
      });
      const visualizations = standin.visualizationsOf(query?.id as number);
      // Redash's own default table stays; ours come next to it.
      expect(visualizations.filter((v) => v.name === 'Table')).toHaveLength(1);
      for (const viz of DASHBOARDS.visualizations.filter(
        (v) => v.query === definition.key,
      )) {
        expect(visualizations).toContainEqual(
          expect.objectContaining({
            type: viz.type,
            name: viz.name,
            options: viz.options,
          }),
        );
      }
    }

    const dashboards = [...standin.state.dashboards.values()];
    expect(dashboards.map((d) => [d.name, d.is_draft])).toEqual([
      ['Pulse: Product Overview', false],
      ['Pulse: Data Quality', false],
    ]);
    for (const definition of DASHBOARDS.dashboards) {
      const dashboard = dashboards.find((d) => d.name === definition.name);
      const widgets = standin.widgetsOf(dashboard?.id as number);
      expect(widgets).toHaveLength(definition.widgets.length);
      for (const wanted of definition.widgets) {
        const vizId =
          'visualization' in wanted
            ? report.changes.find(
                (c) =>
                  c.kind === 'visualization' &&
                  c.name.endsWith(
                    `/ ${DASHBOARDS.visualizations.find((v) => v.key === wanted.visualization)?.name}`,
                  ),
              )?.id
            : null;
        const widget = widgets.find((w) =>
          'text' in wanted
            ? w.text === wanted.text
            : w.visualization_id === vizId,
        );
        expect(widget?.options).toMatchObject({ position: wanted.position });
      }
    }
    expect(
      [...standin.state.alerts.values()].map((a) => [a.name, a.options]),
    ).toEqual(
      DASHBOARDS.alerts.map((a) => [
        a.name,
        { column: a.column, op: a.op, value: a.value, selector: 'first' },
      ]),
    );
    expect(standin.state.destinations.size).toBe(0);
    expect(report.dashboards.map((d) => d.url)).toEqual(
      dashboards.map(
        (d) => `${standin.url}/dashboards/${d.id}-${d.slug}?refresh=300`,
      ),
    );
  });

  test('a second run makes no mutating call', async () => {
    await provisionRedash(options(standin));
    const before = standin.mutations.length;

    const report = await provisionRedash(options(standin));

    expect(standin.mutations.slice(before)).toEqual([]);
    expect(report.mutations).toBe(0);
    expect(report.changes.every((c) => c.action === 'unchanged')).toBe(true);
  });

  test('drifted queries, visualizations and widgets are put back, then left alone', async () => {
    await provisionRedash(options(standin));
    const [trend] = standin.queriesNamed('Pulse / Product: daily trend');
    if (!trend) throw new Error('query missing');
    Object.assign(trend, {
      query: 'select 1',
      schedule: null,
      is_draft: true,
    });
    const chart = standin
      .visualizationsOf(trend.id as number)
      .find((v) => v.name === 'Revenue and orders');
    if (!chart) throw new Error('visualization missing');
    chart.options = { globalSeriesType: 'pie' };
    const overview = [...standin.state.dashboards.values()][0];
    const [moved, removed] = standin.widgetsOf(overview?.id as number);
    if (!moved || !removed) throw new Error('widgets missing');
    const wantedPosition = structuredClone(
      (moved.options as { position: unknown }).position,
    );
    moved.options = { position: { col: 7, row: 99, sizeX: 1, sizeY: 1 } };
    standin.state.widgets.delete(removed.id as number);
    standin.state.widgets.set(9999, {
      id: 9999,
      dashboard_id: overview?.id,
      visualization_id: null,
      text: 'added by hand',
      width: 1,
      options: {},
    });
    const before = standin.mutations.length;

    await provisionRedash(options(standin));

    const definition = DASHBOARDS.queries.find((q) => q.key === 'po_trend');
    expect(trend).toMatchObject({
      query: definition?.sql,
      schedule: FULL_SCHEDULE,
      is_draft: false,
    });
    expect(chart.options).toEqual(
      DASHBOARDS.visualizations.find((v) => v.key === 'po_revenue_orders')
        ?.options,
    );
    expect(moved.options).toMatchObject({ position: wantedPosition });
    expect(standin.state.widgets.has(9999)).toBe(false);
    expect(standin.widgetsOf(overview?.id as number)).toHaveLength(
      DASHBOARDS.dashboards[0]?.widgets.length ?? -1,
    );
    expect(
      standin.mutations.slice(before).map((m) => `${m.method} ${m.path}`),
    ).toEqual([
      `POST /api/queries/${trend.id}`,
      `POST /api/visualizations/${chart.id}`,
      `POST /api/widgets/${moved.id}`,
      'POST /api/widgets',
      'DELETE /api/widgets/9999',
    ]);

    const again = await provisionRedash(options(standin));
    expect(again.mutations).toBe(0);
  });

  test('an existing data source of the same name is updated, not created twice', async () => {
    const response = await fetch(`${standin.url}/api/data_sources`, {
      method: 'POST',
      headers: { authorization: `Key ${standin.apiKey}` },
      body: JSON.stringify({
        name: DATA_SOURCE.name,
        type: 'pg',
        options: { host: 'old-host', port: 5432, dbname: 'pulse', user: 'u' },
      }),
    });
    expect(response.status).toBe(200);
    const duplicate = await fetch(`${standin.url}/api/data_sources`, {
      method: 'POST',
      headers: { authorization: `Key ${standin.apiKey}` },
      body: JSON.stringify({ name: DATA_SOURCE.name, type: 'pg', options: {} }),
    });
    expect(duplicate.status).toBe(400);

    await provisionRedash(options(standin, { dataSource: { ...DATA_SOURCE } }));

    const sources = [...standin.state.dataSources.values()];
    expect(sources).toHaveLength(1);
    expect(sources[0]?.options).toEqual({
      host: 'postgres',
      port: 5432,
      dbname: 'pulse',
      user: 'pulse_readonly',
      password: 's3cret',
    });
  });

  test('the password is sent again only when asked to', async () => {
    await provisionRedash(options(standin));
    const rotated = { ...DATA_SOURCE, password: 'n3w' };

    const quiet = await provisionRedash(
      options(standin, { dataSource: rotated }),
    );
    expect(quiet.mutations).toBe(0);

    await provisionRedash(
      options(standin, { dataSource: { ...rotated, updatePassword: true } }),
    );
    const [source] = standin.state.dataSources.values();
    expect((source?.options as { password: string }).password).toBe('n3w');
  });

  test('creating the data source without a password is a clear error', async () => {
    const { password: _unused, ...withoutPassword } = DATA_SOURCE;
    await expect(
      provisionRedash(options(standin, { dataSource: withoutPassword })),
    ).rejects.toThrow(
      new ConfigError(
        'Redash has no data source "Pulse (read-only)" and no password was given to create it; set REDASH_DS_PASSWORD or READONLY_DATABASE_URL',
      ),
    );
  });

  test('alerts are created once, with a webhook destination subscribed', async () => {
    const set: DashboardSet = {
      ...DASHBOARDS,
      alerts: [
        {
          key: 'overall_fail',
          name: 'Pulse: DQ overall status failing',
          query: 'dq_latest_snapshot',
          column: 'overall_pass_flag',
          op: '==',
          value: 0,
          rearmSeconds: 3600,
        },
      ],
    };
    const webhook = 'http://127.0.0.1:9/hook';

    await provisionRedash(options(standin, { set, alertWebhookUrl: webhook }));

    const [alert] = standin.state.alerts.values();
    const [snapshotQuery] = standin.queriesNamed('Pulse / DQ: newest snapshot');
    expect(alert).toMatchObject({
      name: 'Pulse: DQ overall status failing',
      query_id: snapshotQuery?.id,
      options: {
        column: 'overall_pass_flag',
        op: '==',
        value: 0,
        selector: 'first',
      },
      rearm: 3600,
    });
    const [destination] = standin.state.destinations.values();
    expect(destination).toMatchObject({
      type: 'webhook',
      options: { url: webhook },
    });
    expect([...standin.state.subscriptions.values()]).toEqual([
      expect.objectContaining({
        alert_id: alert?.id,
        destination_id: destination?.id,
      }),
    ]);

    const again = await provisionRedash(
      options(standin, { set, alertWebhookUrl: webhook }),
    );
    expect(again.mutations).toBe(0);
  });
});

describe('Redash provisioning errors', () => {
  let standin: RedashStandin;

  beforeAll(async () => {
    standin = await new RedashStandin().start();
  });

  afterAll(async () => {
    await standin.stop();
  });

  test('a wrong API key is one line naming REDASH_API_KEY', async () => {
    await expect(
      provisionRedash({
        ...options(standin),
        redash: { url: standin.url, apiKey: 'wrong', retryDelayMs: 1 },
      }),
    ).rejects.toThrow(
      /^Redash rejected the API key \(401 at GET http:\/\/127\.0\.0\.1:\d+\/api\/data_sources\); set REDASH_API_KEY/,
    );
  });

  test('a view-only key is told it needs an admin user', async () => {
    await expect(
      provisionRedash({
        ...options(standin),
        redash: {
          url: standin.url,
          apiKey: standin.viewOnlyKey,
          retryDelayMs: 1,
        },
      }),
    ).rejects.toThrow(/403 Forbidden\); the API key's user must be an admin/);
  });

  test('a URL that is not the server root is a 404 naming REDASH_URL', async () => {
    await expect(
      provisionRedash({
        ...options(standin),
        redash: {
          url: `${standin.url}/redash`,
          apiKey: standin.apiKey,
          retryDelayMs: 1,
        },
      }),
    ).rejects.toThrow(
      /404 Not Found\); check that REDASH_URL is the server root/,
    );
  });

  test('an unreachable host is one line after the retries', async () => {
    const closed = await new RedashStandin().start();
    await closed.stop();
    await expect(
      provisionRedash({
        ...options(standin),
        redash: { url: closed.url, apiKey: 'k', retryDelayMs: 1, retries: 2 },
      }),
    ).rejects.toThrow(
      new ConfigError(
        `cannot reach Redash at ${closed.url} (ECONNREFUSED); check REDASH_URL and that the server is running`,
      ),
    );
  });

  test('server errors are retried with backoff until the call succeeds', async () => {
    standin.faults.push(503, 500, 502);
    const requestsBefore = standin.requests;

    const report = await provisionRedash(options(standin));

    expect(report.dashboards).toHaveLength(2);
    expect(standin.faults).toEqual([]);
    expect(standin.state.dataSources.size).toBe(1);
    expect(standin.requests - requestsBefore).toBeGreaterThan(3);
  });

  test('a server error that outlasts the retries names the call and status', async () => {
    standin.faults.push(500, 500, 500, 500);
    await expect(provisionRedash(options(standin))).rejects.toThrow(
      /^Redash failed GET http:\/\/127\.0\.0\.1:\d+\/api\/data_sources with 500 after 4 attempt\(s\): \{"message": ?"injected 500"\}/,
    );
  });

  test('a bad REDASH_URL is refused before any request', async () => {
    await expect(
      provisionRedash({
        ...options(standin),
        redash: { url: 'localhost:5000', apiKey: 'k' },
      }),
    ).rejects.toThrow(/must start with http:\/\/ or https:\/\//);
  });
});
