/**
 * What the monitoring adds to the dashboards: volume against its expected
 * band with anomaly flags, the drill-down, and the alert state and history.
 * Plain definitions in the dashboards' vocabulary; src/dashboards/index.ts
 * appends them below the widgets each dashboard already has.
 */
import type {
  AlertDefinition,
  DashboardDefinition,
  QueryDefinition,
  VisualizationDefinition,
  WidgetDefinition,
} from './definition';
import { chart, counter, table } from './visualizations';
import { DEFAULT_QUALITY_CONFIG } from '../quality/config';

const VOLUME_24H = `-- one row per judged 5-minute bucket of the last 24 hours
select
    bucket_start,
    observed_cnt,
    expected_cnt,
    case when is_anomaly then observed_cnt end as anomaly_cnt
from dq.volume_anomalies
where bucket_start > now() - interval '24 hours'
order by bucket_start`;

const VOLUME_FLAGS = `-- one row per UTC day of the last 7 with judged buckets, newest first
select
    (bucket_start at time zone 'utc')::date as dt,
    count(*) as judged_cnt,
    count(*) filter (where is_anomaly) as anomaly_cnt,
    count(*) filter (where is_anomaly and direction = 'drop') as drop_cnt,
    count(*) filter (where is_anomaly and direction = 'spike') as spike_cnt,
    min(bucket_start) filter (where is_anomaly) as first_anomaly_at,
    max(bucket_start) filter (where is_anomaly) as last_anomaly_at,
    count(*) filter (
        where reason = 'insufficient_training'
    ) as untrained_cnt
from dq.volume_anomalies
where bucket_start > now() - interval '7 days'
group by (bucket_start at time zone 'utc')::date
order by dt desc`;

const VOLUME_RECENT = `-- one row: flagged buckets among those judged in the last 15 minutes
select
    count(*) filter (where is_anomaly) as anomaly_cnt,
    max(bucket_start) as newest_bucket
from dq.volume_anomalies
where judged_at > now() - interval '15 minutes'`;

const LATENCY = `-- one row: the pipeline latency recorded on the newest snapshot
select
    check_ts,
    coalesce(pipeline_latency_seconds, 0) as pipeline_latency_seconds
from dq.status_snapshots
order by check_ts desc
limit 1`;

const DRILLDOWN_TOP = `-- one row per UTC day, check, dimension and one of its top 3 values
-- (last 7 days), with the share of the check's rows on that day
with ranked as (
    select
        dt,
        check_name,
        dimension,
        dimension_value,
        rows_cnt,
        rows_cnt::numeric / sum(rows_cnt) over (
            partition by dt, check_name, dimension
        ) as share,
        row_number() over (
            partition by dt, check_name, dimension
            order by rows_cnt desc, dimension_value
        ) as value_rank
    from dq.drilldown
    where dt > (now() at time zone 'utc')::date - 7
)

select
    dt,
    check_name,
    dimension,
    dimension_value,
    rows_cnt,
    round(share, 4) as share
from ranked
where value_rank <= 3
order by
    dt desc,
    check_name,
    dimension,
    value_rank`;

const DRILLDOWN_SAMPLES = `-- one row per sampled offending raw row of the newest 2 UTC days
select
    dt,
    check_name,
    raw_id,
    event_id,
    platform,
    source,
    region
from dq.drilldown_samples
where dt >= (select max(dt) from dq.drilldown_samples) - 1
order by
    dt desc,
    check_name,
    raw_id`;

const ALERT_STATE = `-- one row per monitored check: its alert state now
select
    check_name,
    state,
    since,
    last_notified_at,
    detail
from dq.alert_state
order by
    state = 'failing' desc,
    check_name`;

const ALERT_HISTORY = `-- one row per alert event, newest first, the last 100: every
-- notification, and the start of monitoring for checks never notified
with events as (
    select
        n.created_at as event_at,
        n.check_name as check_name,
        n.transition as event,
        n.status as delivery,
        n.attempts as attempts,
        n.sent_at as sent_at,
        n.last_error as last_error,
        n.detail as detail,
        n.notification_id as seq
    from dq.notifications as n

    union all

    select
        s.since as event_at,
        s.check_name as check_name,
        'monitored, ' || s.state as event,
        null as delivery,
        null as attempts,
        null as sent_at,
        null as last_error,
        s.detail as detail,
        0 as seq
    from dq.alert_state as s
    where not exists (
        select 1
        from dq.notifications as n
        where n.check_name = s.check_name
    )
)

select
    event_at,
    check_name,
    event,
    delivery,
    attempts,
    sent_at,
    last_error,
    detail
from events
order by
    event_at desc,
    seq desc,
    check_name
limit 100`;

export const MONITORING_QUERIES: readonly QueryDefinition[] = [
  {
    key: 'dq_volume_24h',
    name: 'Pulse / DQ: volume against expected, last 24 hours',
    description:
      'Events per 5 minutes, the median of the same time on previous days, and flagged buckets.',
    sql: VOLUME_24H,
  },
  {
    key: 'dq_volume_flags',
    name: 'Pulse / DQ: volume anomalies by day, last 7 days',
    description:
      'Per UTC day: 5-minute buckets judged, flagged (drops, spikes) and when.',
    sql: VOLUME_FLAGS,
  },
  {
    key: 'dq_volume_recent',
    name: 'Pulse / DQ: volume anomalies, last 15 minutes',
    description: 'Flagged buckets among those judged in the last 15 minutes.',
    sql: VOLUME_RECENT,
  },
  {
    key: 'dq_latency',
    name: 'Pulse / DQ: pipeline latency',
    description:
      'Newest raw row minus the newest raw row the marts reflect, in seconds.',
    sql: LATENCY,
  },
  {
    key: 'dq_drilldown_top',
    name: 'Pulse / DQ: drill-down, top offenders',
    description:
      'Per day and check, the top platforms, sources and regions of the offending rows.',
    sql: DRILLDOWN_TOP,
  },
  {
    key: 'dq_drilldown_samples',
    name: 'Pulse / DQ: drill-down, sample rows',
    description: 'Up to 10 offending raw rows per day and check.',
    sql: DRILLDOWN_SAMPLES,
  },
  {
    key: 'dq_alert_state',
    name: 'Pulse / DQ: alert state',
    description: 'Each monitored check: ok or failing, and since when.',
    sql: ALERT_STATE,
  },
  {
    key: 'dq_alert_history',
    name: 'Pulse / DQ: alert history',
    description:
      'Notifications decided by the pipeline and their delivery, and when monitoring of each check began.',
    sql: ALERT_HISTORY,
  },
];

export const MONITORING_VISUALIZATIONS: readonly VisualizationDefinition[] = [
  chart({
    key: 'dq_volume_chart',
    query: 'dq_volume_24h',
    name: 'Events per 5 minutes against expected',
    x: 'bucket_start',
    series: [
      { column: 'observed_cnt', label: 'Observed' },
      { column: 'expected_cnt', label: 'Expected (median)' },
      { column: 'anomaly_cnt', label: 'Anomaly', type: 'column' },
    ],
    yTitles: ['events'],
  }),
  table({
    key: 'dq_volume_flags_table',
    query: 'dq_volume_flags',
    name: 'Volume anomalies by day',
    columns: [
      { name: 'dt', title: 'Day', type: 'date' },
      { name: 'judged_cnt', title: 'Buckets judged', type: 'number' },
      { name: 'anomaly_cnt', title: 'Flagged', type: 'number' },
      { name: 'drop_cnt', title: 'Drops', type: 'number' },
      { name: 'spike_cnt', title: 'Spikes', type: 'number' },
      { name: 'first_anomaly_at', title: 'First', type: 'datetime' },
      { name: 'last_anomaly_at', title: 'Last', type: 'datetime' },
      { name: 'untrained_cnt', title: 'Not enough history', type: 'number' },
    ],
  }),
  counter({
    key: 'dq_pipeline_latency',
    query: 'dq_latency',
    name: 'Pipeline latency',
    column: 'pipeline_latency_seconds',
    suffix: ' s',
  }),
  table({
    key: 'dq_drilldown_top_table',
    query: 'dq_drilldown_top',
    name: 'Top offenders by day and check',
    columns: [
      { name: 'dt', title: 'Day', type: 'date' },
      { name: 'check_name', title: 'Check' },
      { name: 'dimension', title: 'Dimension' },
      { name: 'dimension_value', title: 'Value' },
      { name: 'rows_cnt', title: 'Rows', type: 'number', numberFormat: '0,0' },
      { name: 'share', title: 'Share', type: 'number', numberFormat: '0.0%' },
    ],
  }),
  table({
    key: 'dq_drilldown_samples_table',
    query: 'dq_drilldown_samples',
    name: 'Sample offending rows',
    columns: [
      { name: 'dt', title: 'Day', type: 'date' },
      { name: 'check_name', title: 'Check' },
      { name: 'raw_id', title: 'raw.events id' },
      { name: 'event_id', title: 'event_id' },
      { name: 'platform', title: 'Platform' },
      { name: 'source', title: 'Source' },
      { name: 'region', title: 'Region' },
    ],
  }),
  table({
    key: 'dq_alert_state_table',
    query: 'dq_alert_state',
    name: 'Alert state',
    columns: [
      { name: 'check_name', title: 'Check' },
      { name: 'state', title: 'State' },
      { name: 'since', title: 'Since', type: 'datetime' },
      { name: 'last_notified_at', title: 'Last notified', type: 'datetime' },
      { name: 'detail', title: 'Detail' },
    ],
  }),
  table({
    key: 'dq_alert_history_table',
    query: 'dq_alert_history',
    name: 'Alert history',
    columns: [
      { name: 'event_at', title: 'At', type: 'datetime' },
      { name: 'check_name', title: 'Check' },
      { name: 'event', title: 'Event' },
      { name: 'delivery', title: 'Delivery' },
      { name: 'attempts', title: 'Attempts', type: 'number' },
      { name: 'sent_at', title: 'Sent', type: 'datetime' },
      { name: 'last_error', title: 'Last error' },
      { name: 'detail', title: 'Detail' },
    ],
  }),
];

/** Redash alerts on the monitoring, beside the dashboards' own. */
export const MONITORING_ALERTS: readonly AlertDefinition[] = [
  {
    key: 'dq_volume_anomaly',
    name: 'Pulse: event volume anomaly',
    query: 'dq_volume_recent',
    column: 'anomaly_cnt',
    op: '>',
    value: 0,
    rearmSeconds: 3600,
  },
  {
    key: 'dq_pipeline_latency',
    name: 'Pulse: pipeline latency above its limit',
    query: 'dq_latency',
    column: 'pipeline_latency_seconds',
    op: '>',
    value: DEFAULT_QUALITY_CONFIG.maxPipelineLatencySeconds,
    rearmSeconds: 3600,
  },
];

function bottomRow(dashboard: DashboardDefinition): number {
  return Math.max(
    0,
    ...dashboard.widgets.map((w) => w.position.row + w.position.sizeY),
  );
}

/** Data Quality: the monitoring's widgets, below the existing ones. */
export function withMonitoringWidgets(
  dashboard: DashboardDefinition,
): DashboardDefinition {
  const top = bottomRow(dashboard);
  const widgets: WidgetDefinition[] = [
    {
      text: '## Volume, latency and alerts',
      position: { col: 0, row: top, sizeX: 12, sizeY: 1 },
    },
    {
      visualization: 'dq_volume_chart',
      position: { col: 0, row: top + 1, sizeX: 9, sizeY: 8 },
    },
    {
      visualization: 'dq_pipeline_latency',
      position: { col: 9, row: top + 1, sizeX: 3, sizeY: 3 },
    },
    {
      visualization: 'dq_alert_state_table',
      position: { col: 9, row: top + 4, sizeX: 3, sizeY: 5 },
    },
    {
      visualization: 'dq_volume_flags_table',
      position: { col: 0, row: top + 9, sizeX: 5, sizeY: 8 },
    },
    {
      visualization: 'dq_alert_history_table',
      position: { col: 5, row: top + 9, sizeX: 7, sizeY: 8 },
    },
    {
      text: '## Drill-down: where the failing rows come from',
      position: { col: 0, row: top + 17, sizeX: 12, sizeY: 1 },
    },
    {
      visualization: 'dq_drilldown_top_table',
      position: { col: 0, row: top + 18, sizeX: 6, sizeY: 9 },
    },
    {
      visualization: 'dq_drilldown_samples_table',
      position: { col: 6, row: top + 18, sizeX: 6, sizeY: 9 },
    },
  ];
  return { ...dashboard, widgets: [...dashboard.widgets, ...widgets] };
}

/** Product Overview: traffic against its expected band, with flags. */
export function withVolumeWidget(
  dashboard: DashboardDefinition,
): DashboardDefinition {
  const top = bottomRow(dashboard);
  return {
    ...dashboard,
    widgets: [
      ...dashboard.widgets,
      {
        visualization: 'dq_volume_chart',
        position: { col: 0, row: top, sizeX: 12, sizeY: 7 },
      },
    ],
  };
}
