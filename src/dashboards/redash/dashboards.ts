/**
 * Dashboards and their widgets, matched by dashboard name. The definition
 * owns the layout: a widget whose position drifted is moved back, a widget
 * the definition does not have is removed, a missing one is added.
 */
import {
  MANAGED_TAG,
  type DashboardDefinition,
  type GridPosition,
  type WidgetDefinition,
} from '../definition';
import type { RedashDashboard, RedashPage, RedashWidget } from './api-types';
import { record, type StepContext } from './report';

const PAGE_SIZE = 100;

async function listDashboards(ctx: StepContext): Promise<RedashDashboard[]> {
  const all: RedashDashboard[] = [];
  for (let page = 1; ; page += 1) {
    const batch = await ctx.client.get<RedashPage<RedashDashboard>>(
      `/api/dashboards?page=${page}&page_size=${PAGE_SIZE}`,
    );
    all.push(...batch.results);
    if (batch.results.length < PAGE_SIZE || all.length >= batch.count) {
      return all;
    }
  }
}

function samePosition(widget: RedashWidget, position: GridPosition): boolean {
  const current = widget.options?.position ?? {};
  return (
    current.col === position.col &&
    current.row === position.row &&
    current.sizeX === position.sizeX &&
    current.sizeY === position.sizeY
  );
}

const POSITION_KEYS = ['col', 'row', 'sizeX', 'sizeY'] as const;

function pickPosition(position: GridPosition): GridPosition {
  return Object.fromEntries(
    POSITION_KEYS.map((key) => [key, position[key]]),
  ) as unknown as GridPosition;
}

function matches(
  widget: RedashWidget,
  wanted: WidgetDefinition,
  visualizationIds: ReadonlyMap<string, number>,
): boolean {
  if ('text' in wanted)
    return !widget.visualization && widget.text === wanted.text;
  return (
    widget.visualization?.id === visualizationIds.get(wanted.visualization)
  );
}

async function ensureWidgets(
  ctx: StepContext,
  dashboard: RedashDashboard,
  definition: DashboardDefinition,
  visualizationIds: ReadonlyMap<string, number>,
): Promise<void> {
  const remaining = [...(dashboard.widgets ?? [])];
  for (const wanted of definition.widgets) {
    const label =
      'text' in wanted
        ? `${definition.name} / text ${wanted.text}`
        : `${definition.name} / ${wanted.visualization}`;
    const position = pickPosition(wanted.position);
    const index = remaining.findIndex((widget) =>
      matches(widget, wanted, visualizationIds),
    );
    const current = index >= 0 ? remaining.splice(index, 1)[0] : undefined;
    if (!current) {
      const visualizationId =
        'visualization' in wanted
          ? visualizationIds.get(wanted.visualization)
          : undefined;
      const created = await ctx.client.post<RedashWidget>('/api/widgets', {
        dashboard_id: dashboard.id,
        visualization_id: visualizationId ?? null,
        text: 'text' in wanted ? wanted.text : '',
        width: 1,
        options: { position, isHidden: false, parameterMappings: {} },
      });
      record(ctx, 'created', 'widget', label, created.id);
    } else if (!samePosition(current, position)) {
      await ctx.client.post(`/api/widgets/${current.id}`, {
        text: current.text,
        width: current.width,
        options: {
          ...current.options,
          position: { ...current.options?.position, ...position },
        },
      });
      record(ctx, 'updated', 'widget', label, current.id);
    } else {
      record(ctx, 'unchanged', 'widget', label, current.id);
    }
  }
  for (const extra of remaining) {
    await ctx.client.delete(`/api/widgets/${extra.id}`);
    record(
      ctx,
      'deleted',
      'widget',
      `${definition.name} / #${extra.id}`,
      extra.id,
    );
  }
}

export async function ensureDashboards(
  ctx: StepContext,
  definitions: readonly DashboardDefinition[],
  visualizationIds: ReadonlyMap<string, number>,
): Promise<void> {
  const existing = (await listDashboards(ctx))
    .filter((dashboard) => !dashboard.is_archived)
    .sort((a, b) => a.id - b.id);
  for (const definition of definitions) {
    let found = existing.find(
      (dashboard) => dashboard.name === definition.name,
    );
    let created = false;
    if (!found) {
      found = await ctx.client.post<RedashDashboard>('/api/dashboards', {
        name: definition.name,
      });
      created = true;
      record(ctx, 'created', 'dashboard', definition.name, found.id);
    }
    const dashboard = await ctx.client.get<RedashDashboard>(
      `/api/dashboards/${found.id}`,
    );
    await ensureWidgets(ctx, dashboard, definition, visualizationIds);

    const tags = [...new Set([MANAGED_TAG, ...definition.tags])].sort();
    const currentTags = [...(dashboard.tags ?? [])].sort();
    const tagsDrifted = tags.join('\n') !== currentTags.join('\n');
    if (dashboard.is_draft || tagsDrifted) {
      await ctx.client.post(`/api/dashboards/${dashboard.id}`, {
        is_draft: false,
        tags,
      });
      if (!created)
        record(ctx, 'updated', 'dashboard', definition.name, dashboard.id);
    } else {
      record(ctx, 'unchanged', 'dashboard', definition.name, dashboard.id);
    }
    ctx.report.dashboards.push({
      name: definition.name,
      id: dashboard.id,
      // Redash reloads a dashboard's data in the browser with ?refresh=.
      url: `${ctx.client.baseUrl}/dashboards/${dashboard.id}-${dashboard.slug}?refresh=300`,
    });
  }
}
