/**
 * The shape of the dashboards-as-code definition. One definition feeds
 * both the Redash provisioner and the built-in page, so everything here is
 * plain data in Redash's own vocabulary (visualization types and options,
 * widget positions on its 12-column grid). Adding a query, a widget or an
 * alert is adding an object to a list; no code changes.
 */

/** A read-only SQL query over mart.* and dq.* only. */
export interface QueryDefinition {
  /** Stable id inside the repository; the built-in page's URL uses it. */
  readonly key: string;
  /** The Redash query name; the provisioner finds queries by it. */
  readonly name: string;
  readonly description: string;
  /** One statement, no parameters: Redash and the page run it verbatim. */
  readonly sql: string;
  /** Redash refresh interval; defaults to DEFAULT_REFRESH_SECONDS. */
  readonly refreshSeconds?: number;
}

export type VisualizationType = 'COUNTER' | 'CHART' | 'TABLE' | 'FUNNEL';

export interface VisualizationDefinition {
  readonly key: string;
  /** Key of the query it draws. */
  readonly query: string;
  readonly type: VisualizationType;
  /** Unique among the visualizations of its query (Redash matches on it). */
  readonly name: string;
  readonly description?: string;
  /** Redash's options object for this type, stored as given. */
  readonly options: Readonly<Record<string, unknown>>;
}

/** A widget's cell on Redash's 12-column grid (rows are 50 px high). */
export interface GridPosition {
  readonly col: number;
  readonly row: number;
  readonly sizeX: number;
  readonly sizeY: number;
}

export type WidgetDefinition =
  | { readonly visualization: string; readonly position: GridPosition }
  | { readonly text: string; readonly position: GridPosition };

export interface DashboardDefinition {
  /** Used in the built-in page's URL (#slug). */
  readonly slug: string;
  /** The Redash dashboard name; the provisioner finds dashboards by it. */
  readonly name: string;
  readonly tags: readonly string[];
  /** The page shows a "no data yet" notice while this query has no row. */
  readonly dataPresenceQuery: string;
  readonly noDataMessage: string;
  readonly widgets: readonly WidgetDefinition[];
}

export type AlertOperator = '>' | '>=' | '<' | '<=' | '==' | '!=';

/** A Redash alert on the first row of a query's result. */
export interface AlertDefinition {
  readonly key: string;
  readonly name: string;
  readonly query: string;
  readonly column: string;
  readonly op: AlertOperator;
  readonly value: number | string;
  /** Seconds before a still-triggered alert notifies again; 0 = never. */
  readonly rearmSeconds: number;
}

export interface DashboardSet {
  readonly queries: readonly QueryDefinition[];
  readonly visualizations: readonly VisualizationDefinition[];
  readonly dashboards: readonly DashboardDefinition[];
  readonly alerts: readonly AlertDefinition[];
}

export const GRID_COLUMNS = 12;
export const DEFAULT_REFRESH_SECONDS = 300;
/** Tag on every object the provisioner manages, to tell them apart. */
export const MANAGED_TAG = 'pulse';
