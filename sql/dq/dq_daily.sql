-- dq.dq_daily: one row per UTC day with at least one raw row. Raw-row
-- counters go by the day of coalesce(event_time, ingested_at); check
-- counters count stg rows by event_date, which is the same day for them.
with batch_days as (
    select
        b.raw_date as dt,
        count(*) as rows_total,
        count(*) filter (where b.is_rejected) as rejected_cnt,
        count(*) filter (where b.is_duplicate) as duplicate_cnt,
        count(*) filter (where b.is_stg) as stg_rows,
        count(*) filter (
            where b.is_stg and b.is_invalid_event_name
        ) as invalid_event_name_cnt,
        count(*) filter (
            where b.is_stg and b.is_negative_price
        ) as negative_price_cnt,
        count(*) filter (
            where b.is_stg and b.is_purchase_without_price
        ) as purchase_without_price_cnt,
        count(*) filter (
            where b.is_stg and b.is_unknown_platform
        ) as unknown_platform_cnt,
        count(*) filter (
            where b.is_stg and b.is_unknown_source
        ) as unknown_source_cnt,
        count(*) filter (
            where b.is_stg and b.is_unknown_region
        ) as unknown_region_cnt,
        count(*) filter (
            where b.is_stg and b.is_future_event_time
        ) as future_event_time_cnt
    from state.batch_events as b
    group by b.raw_date
)

insert into dq.dq_daily as d (
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
    day_pass,
    updated_run_id,
    updated_at
)
select
    b.dt,
    b.rows_total,
    b.rejected_cnt,
    b.duplicate_cnt,
    b.stg_rows,
    b.invalid_event_name_cnt,
    b.negative_price_cnt,
    b.purchase_without_price_cnt,
    b.unknown_platform_cnt,
    b.unknown_source_cnt,
    b.unknown_region_cnt,
    b.future_event_time_cnt,
    false as day_pass,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from batch_days as b
on conflict (dt) do update
set
    rows_total = d.rows_total + excluded.rows_total,
    rejected_cnt = d.rejected_cnt + excluded.rejected_cnt,
    duplicate_cnt = d.duplicate_cnt + excluded.duplicate_cnt,
    stg_rows = d.stg_rows + excluded.stg_rows,
    invalid_event_name_cnt
    = d.invalid_event_name_cnt + excluded.invalid_event_name_cnt,
    negative_price_cnt = d.negative_price_cnt + excluded.negative_price_cnt,
    purchase_without_price_cnt
    = d.purchase_without_price_cnt + excluded.purchase_without_price_cnt,
    unknown_platform_cnt
    = d.unknown_platform_cnt + excluded.unknown_platform_cnt,
    unknown_source_cnt = d.unknown_source_cnt + excluded.unknown_source_cnt,
    unknown_region_cnt = d.unknown_region_cnt + excluded.unknown_region_cnt,
    future_event_time_cnt
    = d.future_event_time_cnt + excluded.future_event_time_cnt,
    updated_run_id = excluded.updated_run_id,
    updated_at = excluded.updated_at;

-- Verdicts of the days this run changed: a check fails when its counter
-- is above its configured share of the day's raw rows.
with checks as (
    select
        d.dt,
        c.check_name,
        c.counter > c.max_share * d.rows_total as is_failed
    from dq.dq_daily as d
    cross join lateral (
        values
        ('rejected', d.rejected_cnt, :max_rejected_share::numeric),
        ('duplicate', d.duplicate_cnt, :max_duplicate_share::numeric),
        (
            'invalid_event_name',
            d.invalid_event_name_cnt,
            :max_invalid_event_name_share::numeric
        ),
        (
            'negative_price',
            d.negative_price_cnt,
            :max_negative_price_share::numeric
        ),
        (
            'purchase_without_price',
            d.purchase_without_price_cnt,
            :max_purchase_without_price_share::numeric
        ),
        (
            'unknown_platform',
            d.unknown_platform_cnt,
            :max_unknown_platform_share::numeric
        ),
        (
            'unknown_source',
            d.unknown_source_cnt,
            :max_unknown_source_share::numeric
        ),
        (
            'unknown_region',
            d.unknown_region_cnt,
            :max_unknown_region_share::numeric
        ),
        (
            'future_event_time',
            d.future_event_time_cnt,
            :max_future_event_time_share::numeric
        )
    ) as c (check_name, counter, max_share)
    where d.updated_run_id = :run_id::bigint
),

verdicts as (
    select
        c.dt,
        coalesce(
            jsonb_agg(c.check_name order by c.check_name)
                filter (where c.is_failed),
            '[]'::jsonb
        ) as failed_checks
    from checks as c
    group by c.dt
)

update dq.dq_daily as d
set
    failed_checks = v.failed_checks,
    day_pass = jsonb_array_length(v.failed_checks) = 0
from verdicts as v
where d.dt = v.dt;
