-- dq.dq_daily: one row per UTC day with at least one raw row. Raw-row
-- counters go by the day of coalesce(event_time, ingested_at); check
-- counters count stg rows by event_date, which is the same day for them.
-- The batch's counts are added to the days it touches; the dq_verdicts
-- step judges them next.
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
