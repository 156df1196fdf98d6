/**
 * The one definition of both dashboards, read by the Redash provisioner and
 * the built-in page. Extend it by appending to these lists.
 */
import { ALERTS } from './alerts';
import {
  DATA_QUALITY,
  QUALITY_QUERIES,
  QUALITY_VISUALIZATIONS,
} from './data-quality';
import {
  GRID_COLUMNS,
  type DashboardSet,
  type GridPosition,
} from './definition';
import {
  PRODUCT_OVERVIEW,
  PRODUCT_QUERIES,
  PRODUCT_VISUALIZATIONS,
} from './product-overview';
import {
  MONITORING_ALERTS,
  MONITORING_QUERIES,
  MONITORING_VISUALIZATIONS,
  withMonitoringWidgets,
  withVolumeWidget,
} from './quality-additions';

export const DASHBOARDS: DashboardSet = {
  queries: [...PRODUCT_QUERIES, ...QUALITY_QUERIES, ...MONITORING_QUERIES],
  visualizations: [
    ...PRODUCT_VISUALIZATIONS,
    ...QUALITY_VISUALIZATIONS,
    ...MONITORING_VISUALIZATIONS,
  ],
  dashboards: [
    withVolumeWidget(PRODUCT_OVERVIEW),
    withMonitoringWidgets(DATA_QUALITY),
  ],
  alerts: [...ALERTS, ...MONITORING_ALERTS],
};

function overlaps(a: GridPosition, b: GridPosition): boolean {
  return (
    a.col < b.col + b.sizeX &&
    b.col < a.col + a.sizeX &&
    a.row < b.row + b.sizeY &&
    b.row < a.row + a.sizeY
  );
}

function unique(what: string, names: readonly string[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const name of names) {
    if (seen.has(name)) problems.push(`duplicate ${what} "${name}"`);
    seen.add(name);
  }
  return problems;
}

/**
 * Every reason the set cannot be provisioned or drawn: unknown references,
 * duplicate names, widgets off the grid or on top of each other.
 */
export function validateDashboardSet(set: DashboardSet): string[] {
  const queries = new Set(set.queries.map((q) => q.key));
  const visualizations = new Set(set.visualizations.map((v) => v.key));
  const problems = [
    ...unique(
      'query key',
      set.queries.map((q) => q.key),
    ),
    ...unique(
      'query name',
      set.queries.map((q) => q.name),
    ),
    ...unique(
      'visualization key',
      set.visualizations.map((v) => v.key),
    ),
    ...unique(
      'visualization name',
      set.visualizations.map((v) => `${v.query}/${v.name}`),
    ),
    ...unique(
      'dashboard name',
      set.dashboards.map((d) => d.name),
    ),
    ...unique(
      'dashboard slug',
      set.dashboards.map((d) => d.slug),
    ),
    ...unique(
      'alert name',
      set.alerts.map((a) => a.name),
    ),
  ];
  for (const viz of set.visualizations) {
    if (!queries.has(viz.query)) {
      problems.push(
        `visualization ${viz.key} reads unknown query ${viz.query}`,
      );
    }
  }
  for (const alert of set.alerts) {
    if (!queries.has(alert.query)) {
      problems.push(`alert ${alert.key} reads unknown query ${alert.query}`);
    }
  }
  for (const dashboard of set.dashboards) {
    if (!queries.has(dashboard.dataPresenceQuery)) {
      problems.push(
        `dashboard ${dashboard.slug} checks unknown query ${dashboard.dataPresenceQuery}`,
      );
    }
    const placed: GridPosition[] = [];
    dashboard.widgets.forEach((widget, index) => {
      const where = `dashboard ${dashboard.slug} widget ${index}`;
      if (
        'visualization' in widget &&
        !visualizations.has(widget.visualization)
      ) {
        problems.push(
          `${where} shows unknown visualization ${widget.visualization}`,
        );
      }
      const { col, row, sizeX, sizeY } = widget.position;
      if (
        col < 0 ||
        row < 0 ||
        sizeX < 1 ||
        sizeY < 1 ||
        col + sizeX > GRID_COLUMNS
      ) {
        problems.push(`${where} is off the ${GRID_COLUMNS}-column grid`);
      }
      if (placed.some((other) => overlaps(other, widget.position))) {
        problems.push(`${where} overlaps another widget`);
      }
      placed.push(widget.position);
    });
  }
  return problems;
}

export type {
  AlertDefinition,
  DashboardDefinition,
  DashboardSet,
  QueryDefinition,
  VisualizationDefinition,
  WidgetDefinition,
} from './definition';
