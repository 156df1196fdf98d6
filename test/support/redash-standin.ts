/**
 * A local stand-in for the Redash API (v10+), on 127.0.0.1, behaving as the
 * documentation and the server code do where provisioning depends on it:
 * - `Authorization: Key <key>`; a wrong key is a 401, a view-only key gets a
 *   403 on every change;
 * - a new query is a draft and gets a default TABLE visualization;
 * - a schedule without all four keys is stored as null (disabled);
 * - a data source with a name already taken is a 400; its secrets come
 *   back masked;
 * - new dashboards are drafts; lists of queries and dashboards are paged.
 * Every successful POST/DELETE is recorded, and faults can be injected.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

type Obj = Record<string, unknown>;

export interface Mutation {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

const SECRET_MASK = '--------';
const SCHEDULE_KEYS = ['interval', 'time', 'day_of_week', 'until'];

export interface StandinState {
  dataSources: Map<number, Obj>;
  queries: Map<number, Obj>;
  visualizations: Map<number, Obj>;
  dashboards: Map<number, Obj>;
  widgets: Map<number, Obj>;
  alerts: Map<number, Obj>;
  destinations: Map<number, Obj>;
  subscriptions: Map<number, Obj>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class RedashStandin {
  readonly apiKey = 'admin-key-0123456789';
  readonly viewOnlyKey = 'viewer-key-0123456789';
  readonly mutations: Mutation[] = [];
  readonly state: StandinState = {
    dataSources: new Map(),
    queries: new Map(),
    visualizations: new Map(),
    dashboards: new Map(),
    widgets: new Map(),
    alerts: new Map(),
    destinations: new Map(),
    subscriptions: new Map(),
  };
  /** Statuses to answer the next requests with, one per request. */
  readonly faults: number[] = [];
  requests = 0;
  #nextId = 1;
  #server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        const message = error instanceof Error ? error.message : String(error);
        this.#send(res, status, { message });
      });
    });
    await new Promise<void>((resolve) =>
      this.#server?.listen(0, '127.0.0.1', resolve),
    );
    const { port } = this.#server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Queries of a name that are not archived. */
  queriesNamed(name: string): Obj[] {
    return [...this.state.queries.values()].filter(
      (q) => q.name === name && !q.is_archived,
    );
  }

  visualizationsOf(queryId: number): Obj[] {
    return [...this.state.visualizations.values()].filter(
      (v) => v.query_id === queryId,
    );
  }

  widgetsOf(dashboardId: number): Obj[] {
    return [...this.state.widgets.values()].filter(
      (w) => w.dashboard_id === dashboardId,
    );
  }

  #send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const fault = this.faults.shift();
    if (fault !== undefined) {
      this.#send(res, fault, { message: `injected ${fault}` });
      return;
    }
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', this.url);
    const key = /^Key (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (key !== this.apiKey && key !== this.viewOnlyKey) {
      throw new HttpError(
        401,
        'Couldn\u2019t find resource. Please login and try again.',
      );
    }
    if (method !== 'GET' && key === this.viewOnlyKey) {
      throw new HttpError(403, 'You do not have permission');
    }
    let body: Obj = {};
    if (method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Obj;
    }
    const result = this.#route(method, url, body);
    if (method !== 'GET') {
      this.mutations.push({ method, path: url.pathname, body });
    }
    this.#send(res, 200, result);
  }

  #id(): number {
    const id = this.#nextId;
    this.#nextId += 1;
    return id;
  }

  #get(map: Map<number, Obj>, id: string | undefined, what: string): Obj {
    const found = map.get(Number(id));
    if (!found) throw new HttpError(404, `${what} not found`);
    return found;
  }

  #page(items: Obj[], url: URL): Obj {
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('page_size') ?? 25);
    return {
      count: items.length,
      page,
      page_size: size,
      results: items.slice((page - 1) * size, page * size),
    };
  }

  #route(method: string, url: URL, body: Obj): unknown {
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts[0] !== 'api') throw new HttpError(404, 'Not Found');
    const [, resource, id, sub] = parts;
    const route = `${method} ${resource}${id ? '/:id' : ''}${sub ? `/${sub}` : ''}`;
    const s = this.state;
    switch (route) {
      case 'GET data_sources':
        return [...s.dataSources.values()].map(
          ({ options: _o, ...rest }) => rest,
        );
      case 'POST data_sources':
        return this.#createDataSource(body);
      case 'GET data_sources/:id':
        return this.#maskedDataSource(
          this.#get(s.dataSources, id, 'data source'),
        );
      case 'POST data_sources/:id':
        return this.#updateDataSource(
          this.#get(s.dataSources, id, 'data source'),
          body,
        );
      case 'GET queries':
        return this.#page(
          [...s.queries.values()]
            .filter((q) => !q.is_archived)
            .map((q) => this.#query(q, false)),
          url,
        );
      case 'POST queries':
        return this.#createQuery(body);
      case 'GET queries/:id':
        return this.#query(this.#get(s.queries, id, 'query'), true);
      case 'POST queries/:id':
        return this.#updateQuery(this.#get(s.queries, id, 'query'), body);
      case 'DELETE queries/:id':
        this.#get(s.queries, id, 'query').is_archived = true;
        return null;
      case 'POST visualizations':
        return this.#createVisualization(body);
      case 'POST visualizations/:id':
        return Object.assign(
          this.#get(s.visualizations, id, 'visualization'),
          pick(body, ['type', 'name', 'description', 'options']),
        );
      case 'DELETE visualizations/:id':
        this.#get(s.visualizations, id, 'visualization');
        s.visualizations.delete(Number(id));
        return null;
      case 'GET dashboards':
        return this.#page(
          [...s.dashboards.values()].filter((d) => !d.is_archived),
          url,
        );
      case 'POST dashboards':
        return this.#createDashboard(body);
      case 'GET dashboards/:id':
        return this.#dashboard(this.#get(s.dashboards, id, 'dashboard'));
      case 'POST dashboards/:id': {
        const dashboard = this.#get(s.dashboards, id, 'dashboard');
        Object.assign(
          dashboard,
          pick(body, [
            'name',
            'is_draft',
            'tags',
            'layout',
            'dashboard_filters_enabled',
          ]),
        );
        return this.#dashboard(dashboard);
      }
      case 'POST widgets':
        return this.#createWidget(body);
      case 'POST widgets/:id':
        return Object.assign(
          this.#get(s.widgets, id, 'widget'),
          pick(body, ['text', 'width', 'options']),
        );
      case 'DELETE widgets/:id':
        this.#get(s.widgets, id, 'widget');
        s.widgets.delete(Number(id));
        return null;
      case 'GET alerts':
        return [...s.alerts.values()].map((a) => this.#alert(a));
      case 'POST alerts':
        return this.#saveAlert({ id: this.#id() }, body);
      case 'POST alerts/:id':
        return this.#saveAlert(this.#get(s.alerts, id, 'alert'), body);
      case 'GET alerts/:id/subscriptions':
        return [...s.subscriptions.values()]
          .filter((sub) => sub.alert_id === Number(id))
          .map((sub) => ({
            id: sub.id,
            destination: { id: sub.destination_id },
          }));
      case 'POST alerts/:id/subscriptions': {
        this.#get(s.alerts, id, 'alert');
        const sub = {
          id: this.#id(),
          alert_id: Number(id),
          destination_id: body.destination_id,
        };
        s.subscriptions.set(sub.id, sub);
        return { id: sub.id, destination: { id: sub.destination_id } };
      }
      case 'GET destinations':
        return [...s.destinations.values()].map(
          ({ options: _o, ...rest }) => rest,
        );
      case 'POST destinations': {
        const destination = {
          id: this.#id(),
          ...pick(body, ['name', 'type', 'options']),
        };
        s.destinations.set(destination.id, destination);
        return destination;
      }
      case 'GET destinations/:id':
        return this.#get(s.destinations, id, 'destination');
      case 'POST destinations/:id':
        return Object.assign(
          this.#get(s.destinations, id, 'destination'),
          pick(body, ['name', 'type', 'options']),
        );
      default:
        throw new HttpError(404, `no route ${route}`);
    }
  }

  #createDataSource(body: Obj): Obj {
    const taken = [...this.state.dataSources.values()].some(
      (ds) => ds.name === body.name,
    );
    if (taken) {
      throw new HttpError(
        400,
        `Data source with the name ${String(body.name)} already exists.`,
      );
    }
    const ds = {
      id: this.#id(),
      name: body.name,
      type: body.type,
      options: { ...(body.options as Obj) },
    };
    this.state.dataSources.set(ds.id, ds);
    return this.#maskedDataSource(ds);
  }

  #maskedDataSource(ds: Obj): Obj {
    const options = { ...(ds.options as Obj) };
    if ('password' in options) options.password = SECRET_MASK;
    return { ...ds, options };
  }

  #updateDataSource(ds: Obj, body: Obj): Obj {
    const options = { ...(body.options as Obj) };
    if (options.password === SECRET_MASK) delete options.password;
    ds.name = body.name ?? ds.name;
    ds.type = body.type ?? ds.type;
    ds.options = { ...(ds.options as Obj), ...options };
    return this.#maskedDataSource(ds);
  }

  #schedule(value: unknown): unknown {
    if (!value || typeof value !== 'object') return null;
    const complete = SCHEDULE_KEYS.every((k) => k in (value as Obj));
    return complete ? { ...(value as Obj) } : null;
  }

  #createQuery(body: Obj): Obj {
    if (!this.state.dataSources.has(Number(body.data_source_id))) {
      throw new HttpError(404, 'data source not found');
    }
    const query: Obj = {
      id: this.#id(),
      name: body.name ?? 'New Query',
      query: body.query ?? '',
      description: body.description ?? null,
      data_source_id: body.data_source_id,
      schedule: this.#schedule(body.schedule),
      options: body.options ?? {},
      tags: body.tags ?? [],
      is_draft: true,
      is_archived: false,
      version: 1,
    };
    this.state.queries.set(query.id as number, query);
    const table = {
      id: this.#id(),
      query_id: query.id,
      type: 'TABLE',
      name: 'Table',
      description: '',
      options: {},
    };
    this.state.visualizations.set(table.id, table);
    return this.#query(query, false);
  }

  #updateQuery(query: Obj, body: Obj): Obj {
    const fields = pick(body, [
      'name',
      'query',
      'description',
      'data_source_id',
      'options',
      'tags',
      'is_draft',
    ]);
    Object.assign(query, fields);
    if ('schedule' in body) query.schedule = this.#schedule(body.schedule);
    query.version = Number(query.version) + 1;
    return this.#query(query, true);
  }

  #query(query: Obj, withVisualizations: boolean): Obj {
    const copy = structuredClone(query);
    if (withVisualizations) {
      copy.visualizations = this.visualizationsOf(query.id as number).map((v) =>
        structuredClone(v),
      );
    }
    return copy;
  }

  #createVisualization(body: Obj): Obj {
    const query = this.#get(this.state.queries, String(body.query_id), 'query');
    const viz = {
      id: this.#id(),
      query_id: query.id,
      ...pick(body, ['type', 'name', 'description', 'options']),
    };
    this.state.visualizations.set(viz.id, viz);
    return structuredClone(viz);
  }

  #createDashboard(body: Obj): Obj {
    const name = String(body.name ?? '');
    const dashboard = {
      id: this.#id(),
      name,
      slug: name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
      is_draft: true,
      is_archived: false,
      tags: [],
      layout: [],
    };
    this.state.dashboards.set(dashboard.id, dashboard);
    return this.#dashboard(dashboard);
  }

  #dashboard(dashboard: Obj): Obj {
    return {
      ...structuredClone(dashboard),
      widgets: this.widgetsOf(dashboard.id as number).map((w) => {
        const viz = this.state.visualizations.get(Number(w.visualization_id));
        const { visualization_id: _v, ...rest } = structuredClone(w);
        return viz ? { ...rest, visualization: structuredClone(viz) } : rest;
      }),
    };
  }

  #createWidget(body: Obj): Obj {
    this.#get(this.state.dashboards, String(body.dashboard_id), 'dashboard');
    if (body.visualization_id !== null && body.visualization_id !== undefined) {
      this.#get(
        this.state.visualizations,
        String(body.visualization_id),
        'visualization',
      );
    }
    const widget = {
      id: this.#id(),
      ...pick(body, [
        'dashboard_id',
        'visualization_id',
        'text',
        'width',
        'options',
      ]),
    };
    this.state.widgets.set(widget.id, widget);
    return structuredClone(widget);
  }

  #saveAlert(alert: Obj, body: Obj): Obj {
    if ('query_id' in body) {
      this.#get(this.state.queries, String(body.query_id), 'query');
      alert.query_id = body.query_id;
    }
    Object.assign(alert, pick(body, ['name', 'options', 'rearm']));
    this.state.alerts.set(alert.id as number, alert);
    return this.#alert(alert);
  }

  #alert(alert: Obj): Obj {
    const { query_id: queryId, ...rest } = structuredClone(alert);
    return { ...rest, query: { id: queryId } };
  }
}

function pick(body: Obj, keys: readonly string[]): Obj {
  return Object.fromEntries(
    keys.filter((key) => key in body).map((key) => [key, body[key]]),
  );
}
