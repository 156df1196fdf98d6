-- dq.dq_daily on a full refresh: one row per UTC day with at least one raw
-- row, counted as dq_daily.sql counts them. The reset emptied the table,
-- so the insert is plain. PostgreSQL 15 runs an insert's select in one
-- process but a create table as with parallel workers, and a day's
-- counters add up from partial counts: the batch's rows are counted into
-- an unlogged table of one row per day by the workers, then copied in.
create unlogged table state.batch_dq_days as
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
group by b.raw_date;

insert into dq.dq_daily (
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
from state.batch_dq_days as b;

drop table state.batch_dq_days;
