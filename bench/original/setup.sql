-- baseline: the original demo's objects, re-created apart from ours so the
-- benchmark can run both on the same raw.events.
create schema if not exists baseline;

-- baseline.stg_events: one row per event_id among rows not rejected, the
-- lowest raw id winning. As in the original, the dedup is a row_number()
-- window over all of raw inside the view, so every reader pays for it.
create or replace view baseline.stg_events as
with cleaned as (
    select
        r.id as raw_id,
        r.event_id,
        r.event_time,
        (r.event_time at time zone 'UTC')::date as event_date,
        r.user_id,
        nullif(trim(r.session_id), '') as session_id,
        lower(trim(r.event_name)) as event_name,
        r.item_id,
        case when r.price < 0 then null else r.price end as price,
        r.price as raw_price,
        coalesce(nullif(lower(trim(r.platform)), ''), 'unknown') as platform,
        coalesce(nullif(lower(trim(r.region)), ''), 'unknown') as region,
        coalesce(nullif(lower(trim(r.source)), ''), 'unknown') as source,
        r.ingested_at
    from raw.events as r
    where
        r.event_id is not null
        and r.event_time is not null
        and r.user_id is not null
        and r.event_name is not null
),

ranked as (
    select
        c.*,
        row_number() over (
            partition by c.event_id
            order by c.raw_id
        ) as event_rank
    from cleaned as c
)

select
    k.raw_id,
    k.event_id,
    k.event_time,
    k.event_date,
    k.user_id,
    k.session_id,
    k.event_name,
    k.item_id,
    k.price,
    k.raw_price,
    k.platform,
    k.region,
    k.source,
    k.ingested_at
from ranked as k
where k.event_rank = 1;

-- baseline.daily_metrics: one row per UTC day with an accepted event.
create table if not exists baseline.daily_metrics (
    dt date primary key,
    dau bigint not null,
    sessions bigint not null,
    orders bigint not null,
    revenue numeric(18, 2) not null,
    conversion_rate numeric(20, 10) not null,
    purchasers bigint not null,
    user_conversion_rate numeric(20, 10) not null,
    updated_at timestamptz not null
);

-- baseline.funnel_daily: one row per UTC day with an accepted event.
create table if not exists baseline.funnel_daily (
    dt date primary key,
    users_view bigint not null,
    users_click bigint not null,
    users_cart bigint not null,
    users_purchase bigint not null,
    view_to_click numeric(20, 10) not null,
    click_to_cart numeric(20, 10) not null,
    cart_to_purchase numeric(20, 10) not null,
    updated_at timestamptz not null
);

-- baseline.dq_daily: one row per UTC day with at least one raw row.
create table if not exists baseline.dq_daily (
    dt date primary key,
    rows_total bigint not null,
    rejected_cnt bigint not null,
    duplicate_cnt bigint not null,
    stg_rows bigint not null,
    invalid_event_name_cnt bigint not null,
    negative_price_cnt bigint not null,
    purchase_without_price_cnt bigint not null,
    unknown_platform_cnt bigint not null,
    unknown_source_cnt bigint not null,
    unknown_region_cnt bigint not null,
    future_event_time_cnt bigint not null,
    updated_at timestamptz not null
);

-- baseline.status_snapshots: one row per baseline run.
create table if not exists baseline.status_snapshots (
    check_ts timestamptz not null,
    events_last_10m bigint not null,
    stg_rows bigint not null,
    invalid_event_name_cnt bigint not null,
    negative_price_cnt bigint not null,
    purchase_without_price_cnt bigint not null,
    unknown_platform_cnt bigint not null,
    unknown_source_cnt bigint not null,
    unknown_region_cnt bigint not null,
    future_event_time_cnt bigint not null,
    freshness_lag_seconds numeric(14, 3),
    overall_pass boolean not null
);
