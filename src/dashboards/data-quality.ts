/**
 * Data Quality: the newest DQ snapshot, the daily check counters, the
 * schema-test results and the transform's run log, from dq.* only.
 */
import type {
  DashboardDefinition,
  QueryDefinition,
  VisualizationDefinition,
} from './definition';
import { chart, counter, table } from './visualizations';

const LATEST_SNAPSHOT = `-- one row: the newest DQ status snapshot
with newest as (
    select
        check_ts,
        events_last_10m,
        freshness_lag_seconds,
        schema_test_failures,
        overall_pass,
        failed_checks
    from dq.status_snapshots
    order by check_ts desc
    limit 1
)

select
    check_ts,
    events_last_10m,
    freshness_lag_seconds,
    round(
        (
            coalesce(freshness_lag_seconds, 0)
            + extract(epoch from (now() - check_ts))
        )::numeric,
        0
    ) as data_age_seconds,
    schema_test_failures,
    case when overall_pass then 'pass' else 'fail' end as overall_status,
    case when overall_pass then 1 else 0 end as overall_pass_flag,
    (
        select
            coalesce(string_agg(failed.check_name, ', '), '')
        from jsonb_array_elements_text(newest.failed_checks) as failed (check_name)
    ) as failed_checks
from newest`;

const SNAPSHOT_TREND = `-- one row per DQ snapshot of the last 24 hours
select
    check_ts,
    events_last_10m,
    freshness_lag_seconds
from dq.status_snapshots
where check_ts > now() - interval '24 hours'
order by check_ts`;

const CHECK_COLUMNS = [
  ['rejected_cnt', 'Rejected rows'],
  ['duplicate_cnt', 'Duplicates'],
  ['invalid_event_name_cnt', 'Invalid event name'],
  ['negative_price_cnt', 'Negative price'],
  ['purchase_without_price_cnt', 'Purchase without price'],
  ['unknown_platform_cnt', 'Unknown platform'],
  ['unknown_source_cnt', 'Unknown source'],
  ['unknown_region_cnt', 'Unknown region'],
  ['future_event_time_cnt', 'Future event time'],
] as const;

const checkList = (indent: string, alias = '') =>
  CHECK_COLUMNS.map(([column]) => `${indent}${alias}${column}`).join(',\n');

const ERRORS_BY_DAY = `-- one row per UTC day, the last 30 days: each check's error count
select
    dt,
${checkList('    ')}
from dq.dq_daily
where dt > (now() at time zone 'utc')::date - 30
    and dt <= (now() at time zone 'utc')::date
order by dt`;

const DAY_CARDS = `-- one row: the newest UTC day with raw rows, up to today, and the day before
with latest as (
    select
        max(dt) as dt
    from dq.dq_daily
    where dt <= (now() at time zone 'utc')::date
)

select
    cur.dt,
    cur.rows_total,
    coalesce(prev.rows_total, 0) as rows_total_prev,
${CHECK_COLUMNS.map(
  ([column]) =>
    `    cur.${column},\n    coalesce(prev.${column}, 0) as ${column}_prev`,
).join(',\n')}
from latest
inner join dq.dq_daily as cur
    on cur.dt = latest.dt
left join dq.dq_daily as prev
    on prev.dt = latest.dt - 1`;

const DAY_PASS = `-- one row per UTC day, newest first, the last 30 days
select
    dt,
    day_pass,
    (
        select
            coalesce(string_agg(failed.check_name, ', '), '')
        from jsonb_array_elements_text(dq_daily.failed_checks) as failed (check_name)
    ) as failed_checks,
    rows_total,
${checkList('    ')}
from dq.dq_daily
where dt > (now() at time zone 'utc')::date - 30
order by dt desc`;

const LATEST_TESTS = `-- one row per schema test of the newest run that recorded tests
with latest_run as (
    select
        max(run_id) as run_id
    from dq.test_results
)

select
    t.test_name,
    t.model,
    t.test_kind,
    t.severity,
    case when t.passed then 'pass' else 'fail' end as status,
    t.failures,
    t.run_id,
    t.tested_at
from dq.test_results as t
inner join latest_run
    on t.run_id = latest_run.run_id
order by
    t.passed,
    t.test_name`;

const RUN_LOG = `-- one row per transform run, newest first, the last 50 runs
select
    run_id,
    started_at,
    finished_at,
    status,
    rows_read,
    watermark_from,
    watermark_to,
    duration_ms,
    error
from dq.transform_runs
order by started_at desc
limit 50`;

export const QUALITY_QUERIES: readonly QueryDefinition[] = [
  {
    key: 'dq_latest_snapshot',
    name: 'Pulse / DQ: newest snapshot',
    description: 'The newest 10-minute DQ status snapshot.',
    sql: LATEST_SNAPSHOT,
  },
  {
    key: 'dq_snapshot_trend',
    name: 'Pulse / DQ: snapshots, last 24 hours',
    description: 'Events per 10-minute window and freshness lag.',
    sql: SNAPSHOT_TREND,
  },
  {
    key: 'dq_errors_by_day',
    name: 'Pulse / DQ: errors by check and day',
    description: 'Daily error count of every check, last 30 UTC days.',
    sql: ERRORS_BY_DAY,
  },
  {
    key: 'dq_day_cards',
    name: 'Pulse / DQ: newest day counters',
    description: 'Check counters of the newest day against the day before.',
    sql: DAY_CARDS,
  },
  {
    key: 'dq_day_pass',
    name: 'Pulse / DQ: day pass',
    description: 'Daily pass/fail with every counter, last 30 UTC days.',
    sql: DAY_PASS,
  },
  {
    key: 'dq_latest_tests',
    name: 'Pulse / DQ: latest schema tests',
    description: 'Schema-test results of the newest run.',
    sql: LATEST_TESTS,
  },
  {
    key: 'dq_run_log',
    name: 'Pulse / DQ: transform run log',
    description: 'The last 50 transform runs.',
    sql: RUN_LOG,
  },
];

const dayCards = [['rows_total', 'Raw rows'] as const, ...CHECK_COLUMNS].map(
  ([column, label]) =>
    counter({
      key: `dq_card_${column}`,
      query: 'dq_day_cards',
      name: label,
      description: 'Newest day, against the day before.',
      column,
      target: `${column}_prev`,
      lowerIsBetter: column !== 'rows_total',
    }),
);

export const QUALITY_VISUALIZATIONS: readonly VisualizationDefinition[] = [
  counter({
    key: 'dq_events_last_10m',
    query: 'dq_latest_snapshot',
    name: 'Events, last 10 minutes',
    column: 'events_last_10m',
  }),
  counter({
    key: 'dq_freshness_lag',
    query: 'dq_latest_snapshot',
    name: 'Freshness lag',
    column: 'freshness_lag_seconds',
    suffix: ' s',
  }),
  counter({
    key: 'dq_overall_status',
    query: 'dq_latest_snapshot',
    name: 'Overall status',
    column: 'overall_status',
  }),
  table({
    key: 'dq_snapshot_table',
    query: 'dq_latest_snapshot',
    name: 'Newest snapshot',
    columns: [
      { name: 'check_ts', title: 'Checked at', type: 'datetime' },
      { name: 'overall_status', title: 'Status' },
      {
        name: 'schema_test_failures',
        title: 'Failed tests',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'failed_checks', title: 'Failed checks' },
    ],
  }),
  ...dayCards,
  chart({
    key: 'dq_errors_chart',
    query: 'dq_errors_by_day',
    name: 'Errors by check, per day',
    x: 'dt',
    type: 'column',
    stacked: true,
    series: CHECK_COLUMNS.map(([column, label]) => ({ column, label })),
  }),
  chart({
    key: 'dq_snapshot_chart',
    query: 'dq_snapshot_trend',
    name: 'Events per 10 minutes and freshness lag',
    x: 'check_ts',
    series: [
      { column: 'events_last_10m', label: 'Events, 10 min', yAxis: 0 },
      {
        column: 'freshness_lag_seconds',
        label: 'Freshness lag, s',
        yAxis: 1,
      },
    ],
    yTitles: ['events', 'seconds'],
  }),
  table({
    key: 'dq_day_pass_table',
    query: 'dq_day_pass',
    name: 'Day pass',
    columns: [
      { name: 'dt', title: 'Day', type: 'date' },
      { name: 'day_pass', title: 'Pass', type: 'boolean' },
      { name: 'failed_checks', title: 'Failed checks' },
      {
        name: 'rows_total',
        title: 'Raw rows',
        type: 'number',
        numberFormat: '0,0',
      },
      ...CHECK_COLUMNS.map(([name, title]) => ({
        name,
        title,
        type: 'number' as const,
        numberFormat: '0,0',
      })),
    ],
  }),
  table({
    key: 'dq_tests_table',
    query: 'dq_latest_tests',
    name: 'Latest schema tests',
    columns: [
      { name: 'test_name', title: 'Test' },
      { name: 'severity', title: 'Severity' },
      { name: 'status', title: 'Status' },
      {
        name: 'failures',
        title: 'Failing rows',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'run_id', title: 'Run' },
    ],
  }),
  table({
    key: 'dq_run_log_table',
    query: 'dq_run_log',
    name: 'Transform runs',
    columns: [
      { name: 'run_id', title: 'Run' },
      { name: 'started_at', title: 'Started', type: 'datetime' },
      { name: 'finished_at', title: 'Finished', type: 'datetime' },
      { name: 'status', title: 'Status' },
      {
        name: 'rows_read',
        title: 'Rows read',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'watermark_from', title: 'From id' },
      { name: 'watermark_to', title: 'To id' },
      {
        name: 'duration_ms',
        title: 'Duration, ms',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'error', title: 'Error' },
    ],
  }),
];

// Ten day cards in two rows of five, like the product counters.
const cardCells = [['rows_total'] as const, ...CHECK_COLUMNS].map(
  ([column], index) => ({
    visualization: `dq_card_${column}`,
    position: {
      col: (index % 5) * 2 + (index % 5 > 0 ? 2 : 0),
      row: 5 + Math.floor(index / 5) * 3,
      sizeX: index % 5 === 0 ? 4 : 2,
      sizeY: 3,
    },
  }),
);

export const DATA_QUALITY: DashboardDefinition = {
  slug: 'data-quality',
  name: 'Pulse: Data Quality',
  tags: ['pulse', 'data-quality'],
  dataPresenceQuery: 'dq_latest_snapshot',
  noDataMessage:
    'No data-quality snapshot yet: dq.status_snapshots is empty. Run the transform (npm run pipeline -- transform), or wait for the next scheduled run.',
  widgets: [
    {
      text: '## Newest snapshot (last 10 minutes)',
      position: { col: 0, row: 0, sizeX: 12, sizeY: 1 },
    },
    {
      visualization: 'dq_events_last_10m',
      position: { col: 0, row: 1, sizeX: 3, sizeY: 3 },
    },
    {
      visualization: 'dq_freshness_lag',
      position: { col: 3, row: 1, sizeX: 3, sizeY: 3 },
    },
    {
      visualization: 'dq_overall_status',
      position: { col: 6, row: 1, sizeX: 2, sizeY: 3 },
    },
    {
      visualization: 'dq_snapshot_table',
      position: { col: 8, row: 1, sizeX: 4, sizeY: 3 },
    },
    {
      text: '## Newest day (vs the day before)',
      position: { col: 0, row: 4, sizeX: 12, sizeY: 1 },
    },
    ...cardCells,
    {
      visualization: 'dq_errors_chart',
      position: { col: 0, row: 11, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'dq_snapshot_chart',
      position: { col: 6, row: 11, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'dq_day_pass_table',
      position: { col: 0, row: 19, sizeX: 12, sizeY: 8 },
    },
    {
      visualization: 'dq_tests_table',
      position: { col: 0, row: 27, sizeX: 5, sizeY: 8 },
    },
    {
      visualization: 'dq_run_log_table',
      position: { col: 5, row: 27, sizeX: 7, sizeY: 8 },
    },
  ],
};
