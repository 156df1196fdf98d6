/**
 * Builders for visualization definitions in Redash's options format, so the
 * dashboard files stay short and every chart carries the same defaults.
 */
import type { VisualizationDefinition } from './definition';

interface Base {
  readonly key: string;
  readonly query: string;
  readonly name: string;
  readonly description?: string;
}

export interface CounterSpec extends Base {
  /** Column with the value, read from the first row. */
  readonly column: string;
  /** Column with the value to compare against, also from the first row. */
  readonly target?: string;
  readonly decimals?: number;
  readonly prefix?: string;
  readonly suffix?: string;
  /**
   * For error counts: the built-in page colours a rise red. Redash ignores
   * the extra option key.
   */
  readonly lowerIsBetter?: boolean;
}

export function counter(spec: CounterSpec): VisualizationDefinition {
  return {
    key: spec.key,
    query: spec.query,
    name: spec.name,
    type: 'COUNTER',
    ...(spec.description ? { description: spec.description } : {}),
    options: {
      counterLabel: spec.name,
      counterColName: spec.column,
      rowNumber: 1,
      targetColName: spec.target ?? '',
      targetRowNumber: 1,
      stringDecimal: spec.decimals ?? 0,
      stringDecChar: '.',
      stringThouSep: ',',
      stringPrefix: spec.prefix ?? '',
      stringSuffix: spec.suffix ?? '',
      // Newer Redash releases format counters with tooltipFormat only.
      tooltipFormat:
        (spec.decimals ?? 0) > 0
          ? `0,0.${'0'.repeat(spec.decimals ?? 0)}`
          : '0,0',
      formatTargetValue: true,
      countRow: false,
      ...(spec.lowerIsBetter ? { lowerIsBetter: true } : {}),
    },
  };
}

export type SeriesType = 'line' | 'column' | 'area';

export interface SeriesSpec {
  readonly column: string;
  readonly label: string;
  readonly type?: SeriesType;
  /** 0 = left axis, 1 = right axis. */
  readonly yAxis?: 0 | 1;
}

export interface ChartSpec extends Base {
  readonly x: string;
  readonly series: readonly SeriesSpec[];
  readonly type?: SeriesType;
  readonly stacked?: boolean;
  readonly yTitles?: readonly [string] | readonly [string, string];
}

export function chart(spec: ChartSpec): VisualizationDefinition {
  const columnMapping: Record<string, string> = { [spec.x]: 'x' };
  const seriesOptions: Record<string, unknown> = {};
  spec.series.forEach((series, index) => {
    columnMapping[series.column] = 'y';
    seriesOptions[series.column] = {
      name: series.label,
      type: series.type ?? spec.type ?? 'line',
      yAxis: series.yAxis ?? 0,
      zIndex: index,
      index: 0,
    };
  });
  const titles = spec.yTitles ?? [''];
  return {
    key: spec.key,
    query: spec.query,
    name: spec.name,
    type: 'CHART',
    ...(spec.description ? { description: spec.description } : {}),
    options: {
      globalSeriesType: spec.type ?? 'line',
      sortX: true,
      legend: { enabled: true, placement: 'auto' },
      xAxis: { type: 'datetime', labels: { enabled: true } },
      yAxis: [
        { type: 'linear', title: { text: titles[0] } },
        { type: 'linear', opposite: true, title: { text: titles[1] ?? '' } },
      ],
      series: {
        stacking: spec.stacked ? 'stack' : null,
        error_y: { type: 'data', visible: true },
      },
      columnMapping,
      seriesOptions,
      showDataLabels: false,
      missingValuesAsZero: true,
      numberFormat: '0,0[.]00',
      percentFormat: '0[.]00%',
      dateTimeFormat: 'YYYY-MM-DD',
    },
  };
}

export interface TableColumnSpec {
  readonly name: string;
  readonly title: string;
  readonly type?: 'string' | 'number' | 'boolean' | 'date' | 'datetime';
  /** numeral.js format, as Redash uses: '0,0', '0,0.00', '0.00%'. */
  readonly numberFormat?: string;
}

export interface TableSpec extends Base {
  readonly columns: readonly TableColumnSpec[];
  readonly itemsPerPage?: number;
}

// Redash renders a date column with its datetime cell and a date format.
const DISPLAY_AS: Record<NonNullable<TableColumnSpec['type']>, string> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  date: 'datetime',
  datetime: 'datetime',
};

export function table(spec: TableSpec): VisualizationDefinition {
  return {
    key: spec.key,
    query: spec.query,
    name: spec.name,
    type: 'TABLE',
    ...(spec.description ? { description: spec.description } : {}),
    options: {
      itemsPerPage: spec.itemsPerPage ?? 25,
      columns: spec.columns.map((column, order) => ({
        name: column.name,
        title: column.title,
        type: column.type ?? 'string',
        displayAs: DISPLAY_AS[column.type ?? 'string'],
        visible: true,
        order,
        alignContent: column.type === 'number' ? 'right' : 'left',
        allowSearch: false,
        ...(column.numberFormat ? { numberFormat: column.numberFormat } : {}),
        ...(column.type === 'datetime'
          ? { dateTimeFormat: 'YYYY-MM-DD HH:mm:ss' }
          : {}),
        ...(column.type === 'date' ? { dateTimeFormat: 'YYYY-MM-DD' } : {}),
      })),
    },
  };
}

export interface FunnelSpec extends Base {
  readonly step: string;
  readonly value: string;
  readonly sortKey: string;
}

export function funnel(spec: FunnelSpec): VisualizationDefinition {
  return {
    key: spec.key,
    query: spec.query,
    name: spec.name,
    type: 'FUNNEL',
    ...(spec.description ? { description: spec.description } : {}),
    options: {
      stepCol: { colName: spec.step, displayAs: 'Step' },
      valueCol: { colName: spec.value, displayAs: 'Users' },
      autoSort: false,
      sortKeyCol: { colName: spec.sortKey, reverse: false },
      itemsLimit: 100,
      // Number formats are left to Redash: their shape changed between
      // releases (numeral strings, then Intl options).
      percentValuesRange: { min: 0.01, max: 1000 },
    },
  };
}
