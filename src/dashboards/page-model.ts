/**
 * What the built-in page receives about the dashboards: the same widgets,
 * visualization options and positions Redash gets, minus the SQL.
 */
import type { DashboardSet, GridPosition } from './definition';

export interface PageWidget {
  readonly position: GridPosition;
  readonly text?: string;
  readonly visualization?: {
    readonly key: string;
    readonly type: string;
    readonly name: string;
    readonly description: string;
    readonly query: string;
    readonly options: Readonly<Record<string, unknown>>;
  };
}

export interface PageDashboard {
  readonly slug: string;
  readonly name: string;
  readonly dataPresenceQuery: string;
  readonly noDataMessage: string;
  readonly widgets: readonly PageWidget[];
}

export interface PageModel {
  readonly refreshSeconds: number;
  readonly dashboards: readonly PageDashboard[];
}

export function pageModel(
  set: DashboardSet,
  refreshSeconds: number,
): PageModel {
  const visualizations = new Map(set.visualizations.map((v) => [v.key, v]));
  return {
    refreshSeconds,
    dashboards: set.dashboards.map((dashboard) => ({
      slug: dashboard.slug,
      name: dashboard.name,
      dataPresenceQuery: dashboard.dataPresenceQuery,
      noDataMessage: dashboard.noDataMessage,
      widgets: dashboard.widgets.map((widget): PageWidget => {
        if ('text' in widget) {
          return { position: widget.position, text: widget.text };
        }
        const viz = visualizations.get(widget.visualization);
        if (!viz) {
          throw new Error(`unknown visualization ${widget.visualization}`);
        }
        return {
          position: widget.position,
          visualization: {
            key: viz.key,
            type: viz.type,
            name: viz.name,
            description: viz.description ?? '',
            query: viz.query,
            options: viz.options,
          },
        };
      }),
    })),
  };
}
