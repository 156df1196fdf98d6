/**
 * Queries and their visualizations, matched by name. A query is created as
 * a draft (Redash always does that) and then published; any field that
 * drifted from the definition is put back; a matching one is not touched.
 */
import { isDeepStrictEqual } from 'node:util';

import {
  DEFAULT_REFRESH_SECONDS,
  MANAGED_TAG,
  type DashboardSet,
  type QueryDefinition,
  type VisualizationDefinition,
} from '../definition';
import type {
  RedashPage,
  RedashQuery,
  RedashSchedule,
  RedashVisualization,
} from './api-types';
import { record, type StepContext } from './report';

const PAGE_SIZE = 100;

/** All queries the key's user can see, drafts of its own included. */
export async function listQueries(ctx: StepContext): Promise<RedashQuery[]> {
  const all: RedashQuery[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await ctx.client.get<RedashPage<RedashQuery>>(
      `/api/queries?page=${page}&page_size=${PAGE_SIZE}`,
    );
    all.push(...batch.results);
    if (batch.results.length < PAGE_SIZE || all.length >= batch.count) {
      return all;
    }
  }
}

/** A schedule Redash keeps: all four keys, or it disables the schedule. */
export function scheduleFor(query: QueryDefinition): RedashSchedule {
  return {
    interval: query.refreshSeconds ?? DEFAULT_REFRESH_SECONDS,
    time: null,
    day_of_week: null,
    until: null,
  };
}

function desiredQuery(query: QueryDefinition, dataSourceId: number) {
  return {
    name: query.name,
    query: query.sql,
    description: query.description,
    data_source_id: dataSourceId,
    schedule: scheduleFor(query),
    options: { parameters: [] },
    tags: [MANAGED_TAG],
  };
}

type Desired = ReturnType<typeof desiredQuery>;

function queryDrift(current: RedashQuery, desired: Desired): Partial<Desired> {
  const changes: Record<string, unknown> = {};
  if (current.query !== desired.query) changes.query = desired.query;
  if ((current.description ?? '') !== desired.description) {
    changes.description = desired.description;
  }
  if (current.data_source_id !== desired.data_source_id) {
    changes.data_source_id = desired.data_source_id;
  }
  if (!isDeepStrictEqual(current.schedule, desired.schedule)) {
    changes.schedule = desired.schedule;
  }
  if (!current.tags.includes(MANAGED_TAG)) {
    changes.tags = [...new Set([...current.tags, MANAGED_TAG])];
  }
  const parameters = current.options?.parameters;
  if (Array.isArray(parameters) && parameters.length > 0) {
    changes.options = { ...current.options, parameters: [] };
  }
  return changes as Partial<Desired>;
}

async function ensureQuery(
  ctx: StepContext,
  query: QueryDefinition,
  existing: RedashQuery | undefined,
  dataSourceId: number,
): Promise<RedashQuery> {
  const desired = desiredQuery(query, dataSourceId);
  if (!existing) {
    const draft = await ctx.client.post<RedashQuery>('/api/queries', desired);
    const published = await ctx.client.post<RedashQuery>(
      `/api/queries/${draft.id}`,
      { is_draft: false },
    );
    record(ctx, 'created', 'query', query.name, draft.id);
    return ctx.client.get<RedashQuery>(`/api/queries/${published.id}`);
  }
  const current = await ctx.client.get<RedashQuery>(
    `/api/queries/${existing.id}`,
  );
  const changes = queryDrift(current, desired);
  if (current.is_draft || Object.keys(changes).length > 0) {
    const updated = await ctx.client.post<RedashQuery>(
      `/api/queries/${current.id}`,
      { ...changes, is_draft: false },
    );
    record(ctx, 'updated', 'query', query.name, current.id);
    return { ...current, ...updated };
  }
  record(ctx, 'unchanged', 'query', query.name, current.id);
  return current;
}

async function ensureVisualization(
  ctx: StepContext,
  query: RedashQuery,
  viz: VisualizationDefinition,
): Promise<number> {
  const label = `${query.name} / ${viz.name}`;
  const body = {
    type: viz.type,
    name: viz.name,
    description: viz.description ?? '',
    options: viz.options,
  };
  const current = (query.visualizations ?? []).find(
    (candidate: RedashVisualization) => candidate.name === viz.name,
  );
  if (!current) {
    const created = await ctx.client.post<RedashVisualization>(
      '/api/visualizations',
      { ...body, query_id: query.id },
    );
    record(ctx, 'created', 'visualization', label, created.id);
    return created.id;
  }
  const same =
    current.type === viz.type &&
    (current.description ?? '') === body.description &&
    isDeepStrictEqual(current.options, viz.options);
  if (same) {
    record(ctx, 'unchanged', 'visualization', label, current.id);
    return current.id;
  }
  await ctx.client.post(`/api/visualizations/${current.id}`, body);
  record(ctx, 'updated', 'visualization', label, current.id);
  return current.id;
}

export interface ProvisionedQueries {
  /** Redash query id per definition query key. */
  readonly queryIds: ReadonlyMap<string, number>;
  /** Redash visualization id per definition visualization key. */
  readonly visualizationIds: ReadonlyMap<string, number>;
}

export async function ensureQueries(
  ctx: StepContext,
  set: DashboardSet,
  dataSourceId: number,
): Promise<ProvisionedQueries> {
  const byName = new Map<string, RedashQuery>();
  // The oldest of same-named queries wins, so reruns pick the same one.
  const existing = (await listQueries(ctx))
    .filter((query) => !query.is_archived)
    .sort((a, b) => a.id - b.id);
  for (const query of existing) {
    if (!byName.has(query.name)) byName.set(query.name, query);
  }

  const queryIds = new Map<string, number>();
  const visualizationIds = new Map<string, number>();
  for (const definition of set.queries) {
    const query = await ensureQuery(
      ctx,
      definition,
      byName.get(definition.name),
      dataSourceId,
    );
    queryIds.set(definition.key, query.id);
    const visualizations = set.visualizations.filter(
      (viz) => viz.query === definition.key,
    );
    for (const viz of visualizations) {
      visualizationIds.set(viz.key, await ensureVisualization(ctx, query, viz));
    }
  }
  return { queryIds, visualizationIds };
}
