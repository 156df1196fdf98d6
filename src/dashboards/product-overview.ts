/**
 * Product Overview: the product's daily numbers from mart.daily_metrics and
 * mart.funnel_daily. Days are UTC days.
 */
import type {
  DashboardDefinition,
  QueryDefinition,
  VisualizationDefinition,
} from './definition';
import { chart, counter, funnel, table } from './visualizations';

const LAST_DAY = `-- one row: the last complete UTC day against the day before it
with days as (
    select
        (now() at time zone 'utc')::date - 1 as last_dt,
        (now() at time zone 'utc')::date - 2 as prev_dt
)

select
    days.last_dt as dt,
    coalesce(cur.revenue, 0) as revenue,
    coalesce(prev.revenue, 0) as revenue_prev,
    round(coalesce(cur.conversion_rate, 0) * 100, 2) as conversion_rate_pct,
    round(coalesce(prev.conversion_rate, 0) * 100, 2) as conversion_rate_pct_prev,
    coalesce(cur.orders, 0) as orders,
    coalesce(prev.orders, 0) as orders_prev,
    coalesce(cur.sessions, 0) as sessions,
    coalesce(prev.sessions, 0) as sessions_prev,
    coalesce(cur.dau, 0) as dau,
    coalesce(prev.dau, 0) as dau_prev
from days
left join mart.daily_metrics as cur
    on cur.dt = days.last_dt
left join mart.daily_metrics as prev
    on prev.dt = days.prev_dt`;

// The marts are daily, so "yesterday at the same time" is yesterday's total
// scaled by the share of yesterday's events that had arrived by that time
// of day (dq.volume_buckets, 5-minute counts of raw arrivals), or by the
// share of the day that had passed when there are no buckets. The time is
// that of today's row (its updated_at), not the page's clock.
const TODAY = `-- one row: today so far against yesterday up to the same time of day
with days as (
    select
        (now() at time zone 'utc')::date as today_dt,
        (now() at time zone 'utc')::date - 1 as yesterday_dt
),

today as (
    select
        days.today_dt,
        days.yesterday_dt,
        m.revenue,
        m.conversion_rate,
        m.orders,
        m.sessions,
        m.dau,
        coalesce(m.updated_at, now()) - interval '1 day' as same_time_yesterday
    from days
    left join mart.daily_metrics as m
        on m.dt = days.today_dt
),

yesterday_volume as (
    select
        coalesce(
            sum(b.events_cnt) filter (
                where b.bucket_start < today.same_time_yesterday
            ),
            0
        ) as events_by_then,
        sum(b.events_cnt) as events_total
    from today
    inner join dq.volume_buckets as b
        on b.bucket_start >= (today.yesterday_dt::timestamp at time zone 'utc')
        and b.bucket_start < (today.today_dt::timestamp at time zone 'utc')
),

shares as (
    select
        today.today_dt,
        today.yesterday_dt,
        today.revenue,
        today.conversion_rate,
        today.orders,
        today.sessions,
        today.dau,
        coalesce(
            yesterday_volume.events_by_then::numeric
            / nullif(yesterday_volume.events_total, 0),
            least(
                greatest(
                    extract(epoch from (
                        today.same_time_yesterday
                        - (today.yesterday_dt::timestamp at time zone 'utc')
                    ))::numeric / 86400,
                    0
                ),
                1
            )
        ) as day_share
    from today
    cross join yesterday_volume
)

select
    shares.today_dt as dt,
    round(shares.day_share, 4) as day_share,
    coalesce(shares.revenue, 0) as revenue,
    round(coalesce(y.revenue, 0) * shares.day_share, 2) as revenue_same_time,
    round(coalesce(shares.conversion_rate, 0) * 100, 2) as conversion_rate_pct,
    round(coalesce(y.conversion_rate, 0) * 100, 2) as conversion_rate_pct_yesterday,
    coalesce(shares.orders, 0) as orders,
    round(coalesce(y.orders, 0) * shares.day_share) as orders_same_time,
    coalesce(shares.sessions, 0) as sessions,
    round(coalesce(y.sessions, 0) * shares.day_share) as sessions_same_time,
    coalesce(shares.dau, 0) as dau,
    round(coalesce(y.dau, 0) * shares.day_share) as dau_same_time
from shares
left join mart.daily_metrics as y
    on y.dt = shares.yesterday_dt`;

const TREND = `-- one row per UTC day, the last 30 days
select
    dt,
    revenue,
    orders,
    sessions,
    dau,
    purchasers,
    round(conversion_rate * 100, 4) as conversion_rate_pct,
    round(user_conversion_rate * 100, 4) as user_conversion_rate_pct
from mart.daily_metrics
where dt > (now() at time zone 'utc')::date - 30
    and dt <= (now() at time zone 'utc')::date
order by dt`;

const FUNNEL = `-- one row per funnel step of the last complete UTC day
with last_day as (
    select
        users_view,
        users_click,
        users_cart,
        users_purchase
    from mart.funnel_daily
    where dt = (now() at time zone 'utc')::date - 1
)

select
    1 as step_order,
    'view' as step,
    users_view as users
from last_day
union all
select
    2 as step_order,
    'click' as step,
    users_click as users
from last_day
union all
select
    3 as step_order,
    'add to cart' as step,
    users_cart as users
from last_day
union all
select
    4 as step_order,
    'purchase' as step,
    users_purchase as users
from last_day
order by step_order`;

const FUNNEL_TREND = `-- one row per UTC day, the last 30 days: step-to-step rates in percent
select
    dt,
    round(view_to_click * 100, 4) as view_to_click_pct,
    round(click_to_cart * 100, 4) as click_to_cart_pct,
    round(cart_to_purchase * 100, 4) as cart_to_purchase_pct
from mart.funnel_daily
where dt > (now() at time zone 'utc')::date - 30
    and dt <= (now() at time zone 'utc')::date
order by dt`;

const DAILY = `-- one row per UTC day, newest first, the last 30 days
select
    m.dt,
    m.dau,
    m.sessions,
    m.orders,
    m.purchasers,
    m.revenue,
    round(m.conversion_rate * 100, 4) as conversion_rate_pct,
    round(m.user_conversion_rate * 100, 4) as user_conversion_rate_pct,
    f.users_view,
    f.users_click,
    f.users_cart,
    f.users_purchase,
    m.updated_at
from mart.daily_metrics as m
left join mart.funnel_daily as f
    on f.dt = m.dt
where m.dt > (now() at time zone 'utc')::date - 30
order by m.dt desc`;

export const PRODUCT_QUERIES: readonly QueryDefinition[] = [
  {
    key: 'po_last_day',
    name: 'Pulse / Product: last complete day',
    description: 'Key figures of the last complete UTC day and the day before.',
    sql: LAST_DAY,
  },
  {
    key: 'po_today',
    name: 'Pulse / Product: today so far',
    description: 'Today so far against yesterday up to the same time of day.',
    sql: TODAY,
  },
  {
    key: 'po_trend',
    name: 'Pulse / Product: daily trend',
    description: 'Daily metrics of the last 30 UTC days.',
    sql: TREND,
  },
  {
    key: 'po_funnel',
    name: 'Pulse / Product: funnel, last complete day',
    description: 'Distinct users per funnel step on the last complete day.',
    sql: FUNNEL,
  },
  {
    key: 'po_funnel_trend',
    name: 'Pulse / Product: funnel rates by day',
    description: 'Step-to-step conversion of the last 30 UTC days.',
    sql: FUNNEL_TREND,
  },
  {
    key: 'po_daily',
    name: 'Pulse / Product: daily table',
    description: 'Daily metrics and funnel users, newest day first.',
    sql: DAILY,
  },
];

type Figure = readonly [
  key: string,
  label: string,
  decimals: number,
  prefix: string,
  suffix: string,
];

const FIGURES: readonly Figure[] = [
  ['revenue', 'Revenue', 2, '', ''],
  ['conversion_rate_pct', 'Conversion (orders / sessions)', 2, '', '%'],
  ['orders', 'Orders', 0, '', ''],
  ['sessions', 'Sessions', 0, '', ''],
  ['dau', 'DAU', 0, '', ''],
];

const lastDayCounters = FIGURES.map(([column, label, decimals, p, s]) =>
  counter({
    key: `po_last_day_${column}`,
    query: 'po_last_day',
    name: `${label}: last day`,
    description: 'Against the day before.',
    column,
    target: `${column}_prev`,
    decimals,
    prefix: p,
    suffix: s,
  }),
);

const TODAY_TARGET: Record<string, string> = {
  revenue: 'revenue_same_time',
  conversion_rate_pct: 'conversion_rate_pct_yesterday',
  orders: 'orders_same_time',
  sessions: 'sessions_same_time',
  dau: 'dau_same_time',
};

const todayCounters = FIGURES.map(([column, label, decimals, p, s]) =>
  counter({
    key: `po_today_${column}`,
    query: 'po_today',
    name: `${label}: today so far`,
    description:
      "Against yesterday's total scaled to the share of yesterday's events that had arrived by the same time of day.",
    column,
    target: TODAY_TARGET[column] ?? '',
    decimals,
    prefix: p,
    suffix: s,
  }),
);

export const PRODUCT_VISUALIZATIONS: readonly VisualizationDefinition[] = [
  ...lastDayCounters,
  ...todayCounters,
  chart({
    key: 'po_revenue_orders',
    query: 'po_trend',
    name: 'Revenue and orders',
    x: 'dt',
    series: [
      { column: 'revenue', label: 'Revenue', type: 'column', yAxis: 0 },
      { column: 'orders', label: 'Orders', type: 'line', yAxis: 1 },
    ],
    yTitles: ['revenue', 'orders'],
  }),
  chart({
    key: 'po_dau_sessions',
    query: 'po_trend',
    name: 'DAU and sessions',
    x: 'dt',
    series: [
      { column: 'dau', label: 'DAU' },
      { column: 'sessions', label: 'Sessions' },
      { column: 'purchasers', label: 'Purchasers' },
    ],
  }),
  chart({
    key: 'po_conversion',
    query: 'po_trend',
    name: 'Conversion rate, %',
    x: 'dt',
    series: [
      { column: 'conversion_rate_pct', label: 'orders / sessions' },
      { column: 'user_conversion_rate_pct', label: 'purchasers / DAU' },
    ],
  }),
  funnel({
    key: 'po_funnel',
    query: 'po_funnel',
    name: 'Funnel, last complete day',
    step: 'step',
    value: 'users',
    sortKey: 'step_order',
  }),
  chart({
    key: 'po_funnel_rates',
    query: 'po_funnel_trend',
    name: 'Funnel step conversion, %',
    x: 'dt',
    series: [
      { column: 'view_to_click_pct', label: 'view → click' },
      { column: 'click_to_cart_pct', label: 'click → cart' },
      { column: 'cart_to_purchase_pct', label: 'cart → purchase' },
    ],
  }),
  table({
    key: 'po_daily_table',
    query: 'po_daily',
    name: 'Daily metrics',
    columns: [
      { name: 'dt', title: 'Day', type: 'date' },
      { name: 'dau', title: 'DAU', type: 'number', numberFormat: '0,0' },
      {
        name: 'sessions',
        title: 'Sessions',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'orders', title: 'Orders', type: 'number', numberFormat: '0,0' },
      {
        name: 'purchasers',
        title: 'Purchasers',
        type: 'number',
        numberFormat: '0,0',
      },
      {
        name: 'revenue',
        title: 'Revenue',
        type: 'number',
        numberFormat: '0,0.00',
      },
      {
        name: 'conversion_rate_pct',
        title: 'Conversion %',
        type: 'number',
        numberFormat: '0.00',
      },
      {
        name: 'user_conversion_rate_pct',
        title: 'Purchasers / DAU %',
        type: 'number',
        numberFormat: '0.00',
      },
      {
        name: 'users_view',
        title: 'Viewed',
        type: 'number',
        numberFormat: '0,0',
      },
      {
        name: 'users_click',
        title: 'Clicked',
        type: 'number',
        numberFormat: '0,0',
      },
      {
        name: 'users_cart',
        title: 'Carted',
        type: 'number',
        numberFormat: '0,0',
      },
      {
        name: 'users_purchase',
        title: 'Purchased',
        type: 'number',
        numberFormat: '0,0',
      },
      { name: 'updated_at', title: 'Updated', type: 'datetime' },
    ],
  }),
];

// Five counters across the 12 columns: the two money figures wider.
const COUNTER_CELLS = [
  [0, 3],
  [3, 3],
  [6, 2],
  [8, 2],
  [10, 2],
] as const;

const counterRow = (prefix: string, row: number) =>
  FIGURES.map(([column], index) => {
    const [col, sizeX] = COUNTER_CELLS[index] ?? [0, 2];
    return {
      visualization: `${prefix}_${column}`,
      position: { col, row, sizeX, sizeY: 3 },
    };
  });

export const PRODUCT_OVERVIEW: DashboardDefinition = {
  slug: 'product-overview',
  name: 'Pulse: Product Overview',
  tags: ['pulse', 'product'],
  dataPresenceQuery: 'po_daily',
  noDataMessage:
    'No product data yet: mart.daily_metrics is empty. Generate events and run the transform (npm run pipeline -- transform), or wait for the next scheduled run.',
  widgets: [
    {
      text: '## Last complete day (vs the day before)',
      position: { col: 0, row: 0, sizeX: 12, sizeY: 1 },
    },
    ...counterRow('po_last_day', 1),
    {
      text: '## Today so far (vs yesterday at the same time of day)',
      position: { col: 0, row: 4, sizeX: 12, sizeY: 1 },
    },
    ...counterRow('po_today', 5),
    {
      visualization: 'po_revenue_orders',
      position: { col: 0, row: 8, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'po_dau_sessions',
      position: { col: 6, row: 8, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'po_funnel',
      position: { col: 0, row: 16, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'po_conversion',
      position: { col: 6, row: 16, sizeX: 6, sizeY: 8 },
    },
    {
      visualization: 'po_funnel_rates',
      position: { col: 0, row: 24, sizeX: 12, sizeY: 7 },
    },
    {
      visualization: 'po_daily_table',
      position: { col: 0, row: 31, sizeX: 12, sizeY: 9 },
    },
  ],
};
