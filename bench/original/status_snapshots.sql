-- baseline.status_snapshots: appends one row per run for the 10 minutes up
-- to $1 (the run's clock), its check counters read through the dedup view.
insert into baseline.status_snapshots (
    check_ts,
    events_last_10m,
    stg_rows,
    invalid_event_name_cnt,
    negative_price_cnt,
    purchase_without_price_cnt,
    unknown_platform_cnt,
    unknown_source_cnt,
    unknown_region_cnt,
    future_event_time_cnt,
    freshness_lag_seconds,
    overall_pass
)
with window_raw as (
    select count(*) as events_last_10m
    from raw.events as r
    where
        r.ingested_at > $1::timestamptz - interval '10 minutes'
        and r.ingested_at <= $1::timestamptz
),

newest as (
    select max(r.ingested_at) as newest_ingested_at
    from raw.events as r
    where r.ingested_at <= $1::timestamptz
),

window_stg as (
    select
        count(*) as stg_rows,
        count(*) filter (
            where s.event_name not in (
                'view', 'click', 'add_to_cart', 'purchase', 'signup'
            )
        ) as invalid_event_name_cnt,
        count(*) filter (where s.raw_price < 0) as negative_price_cnt,
        count(*) filter (
            where s.event_name = 'purchase' and s.raw_price is null
        ) as purchase_without_price_cnt,
        count(*) filter (
            where s.platform not in ('web', 'ios', 'android')
        ) as unknown_platform_cnt,
        count(*) filter (
            where s.source not in ('organic', 'ads', 'referral')
        ) as unknown_source_cnt,
        count(*) filter (where s.region = 'unknown') as unknown_region_cnt,
        count(*) filter (
            where s.event_time > s.ingested_at + interval '5 minutes'
        ) as future_event_time_cnt
    from baseline.stg_events as s
    where
        s.ingested_at > $1::timestamptz - interval '10 minutes'
        and s.ingested_at <= $1::timestamptz
)

select
    $1::timestamptz as check_ts,
    w.events_last_10m,
    s.stg_rows,
    s.invalid_event_name_cnt,
    s.negative_price_cnt,
    s.purchase_without_price_cnt,
    s.unknown_platform_cnt,
    s.unknown_source_cnt,
    s.unknown_region_cnt,
    s.future_event_time_cnt,
    extract(epoch from $1::timestamptz - n.newest_ingested_at)::numeric(14, 3)
        as freshness_lag_seconds,
    (
        w.events_last_10m > 0
        and s.invalid_event_name_cnt = 0
        and s.negative_price_cnt = 0
        and s.purchase_without_price_cnt = 0
    ) as overall_pass
from window_raw as w
cross join window_stg as s
cross join newest as n;
