-- baseline.dq_daily rebuilt for the last 30 days from all of raw and the
-- dedup view: one row per UTC day with a raw row. $1 is the run's clock.
delete from baseline.dq_daily
where dt >= ($1::timestamptz at time zone 'UTC')::date - 30;

insert into baseline.dq_daily (
    dt,
    rows_total,
    rejected_cnt,
    duplicate_cnt,
    stg_rows,
    invalid_event_name_cnt,
    negative_price_cnt,
    purchase_without_price_cnt,
    unknown_platform_cnt,
    unknown_source_cnt,
    unknown_region_cnt,
    future_event_time_cnt,
    updated_at
)
with raw_rows as (
    select
        r.id,
        r.event_id,
        (coalesce(r.event_time, r.ingested_at) at time zone 'UTC')::date
            as dt,
        (
            r.event_id is null
            or r.event_time is null
            or r.user_id is null
            or r.event_name is null
        ) as is_rejected
    from raw.events as r
),

ranked_rows as (
    select
        w.dt,
        w.is_rejected,
        row_number() over (
            partition by w.event_id, w.is_rejected
            order by w.id
        ) as event_rank
    from raw_rows as w
),

raw_counts as (
    select
        k.dt,
        count(*) as rows_total,
        count(*) filter (where k.is_rejected) as rejected_cnt,
        count(*) filter (
            where not k.is_rejected and k.event_rank > 1
        ) as duplicate_cnt
    from ranked_rows as k
    where k.dt >= ($1::timestamptz at time zone 'UTC')::date - 30
    group by k.dt
),

stg_counts as (
    select
        s.event_date as dt,
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
    where s.event_date >= ($1::timestamptz at time zone 'UTC')::date - 30
    group by s.event_date
)

select
    c.dt,
    c.rows_total,
    c.rejected_cnt,
    c.duplicate_cnt,
    coalesce(s.stg_rows, 0) as stg_rows,
    coalesce(s.invalid_event_name_cnt, 0) as invalid_event_name_cnt,
    coalesce(s.negative_price_cnt, 0) as negative_price_cnt,
    coalesce(s.purchase_without_price_cnt, 0) as purchase_without_price_cnt,
    coalesce(s.unknown_platform_cnt, 0) as unknown_platform_cnt,
    coalesce(s.unknown_source_cnt, 0) as unknown_source_cnt,
    coalesce(s.unknown_region_cnt, 0) as unknown_region_cnt,
    coalesce(s.future_event_time_cnt, 0) as future_event_time_cnt,
    $1::timestamptz as updated_at
from raw_counts as c
left join stg_counts as s
    on c.dt = s.dt;
