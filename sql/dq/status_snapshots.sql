-- dq.status_snapshots: one row per transform run that was not skipped.
-- The window is ingested_at in (window_start, check_ts]: an index range on
-- raw, and the stg view filtered on it keeps to that range too.
with window_raw as (
    select count(*) as events_last_10m
    from raw.events as r
    where
        r.ingested_at > :window_start::timestamptz
        and r.ingested_at <= :check_ts::timestamptz
),

window_stg as (
    select
        count(*) as stg_rows,
        count(*) filter (
            where s.is_invalid_event_name
        ) as invalid_event_name_cnt,
        count(*) filter (where s.is_negative_price) as negative_price_cnt,
        count(*) filter (
            where s.is_purchase_without_price
        ) as purchase_without_price_cnt,
        count(*) filter (where s.is_unknown_platform) as unknown_platform_cnt,
        count(*) filter (where s.is_unknown_source) as unknown_source_cnt,
        count(*) filter (where s.is_unknown_region) as unknown_region_cnt,
        count(*) filter (
            where s.is_future_event_time
        ) as future_event_time_cnt
    from stg.stg_events as s
    where
        s.ingested_at > :window_start::timestamptz
        and s.ingested_at <= :check_ts::timestamptz
),

freshness as (
    select
        extract(
            epoch from :check_ts::timestamptz - w.max_ingested_at
        )::numeric(14, 3) as freshness_lag_seconds,
        extract(
            epoch from :check_ts::timestamptz - (
                select max(r.ingested_at) from raw.events as r
            )
        )::numeric(14, 3) as raw_freshness_lag_seconds
    from state.watermark as w
),

backlog as (
    select count(*) as backlog_rows
    from raw.events as r
    where r.id > :watermark_to::bigint
),

schema_tests as (
    select count(*) as schema_test_failures
    from dq.test_results as t
    where
        t.run_id = :run_id::bigint
        and not t.passed
        and t.severity = 'error'
),

measures as (
    select
        wr.events_last_10m,
        ws.*,
        f.freshness_lag_seconds,
        f.raw_freshness_lag_seconds,
        b.backlog_rows,
        t.schema_test_failures
    from window_raw as wr
    cross join window_stg as ws
    cross join freshness as f
    cross join backlog as b
    cross join schema_tests as t
),

-- A check fails when its counter is above its share of the window's raw
-- rows and at least the configured floor of rows: in a window of a few
-- hundred events one stray row is above any share. An empty window, a
-- stale feed or a failing schema test fail too.
failed as (
    select
        coalesce(
            jsonb_agg(c.check_name order by c.check_name)
                filter (where c.is_failed),
            '[]'::jsonb
        ) as failed_checks
    from measures as m
    cross join lateral (
        values
        ('empty_window', m.events_last_10m = 0),
        (
            'freshness',
            coalesce(
                m.freshness_lag_seconds
                > :max_freshness_lag_seconds::numeric,
                true
            )
        ),
        ('schema_tests', m.schema_test_failures > 0),
        (
            'invalid_event_name',
            m.invalid_event_name_cnt >= :min_window_count::bigint
            and m.invalid_event_name_cnt
            > :max_invalid_event_name_share::numeric * m.events_last_10m
        ),
        (
            'negative_price',
            m.negative_price_cnt >= :min_window_count::bigint
            and m.negative_price_cnt
            > :max_negative_price_share::numeric * m.events_last_10m
        ),
        (
            'purchase_without_price',
            m.purchase_without_price_cnt >= :min_window_count::bigint
            and m.purchase_without_price_cnt
            > :max_purchase_without_price_share::numeric * m.events_last_10m
        ),
        (
            'unknown_platform',
            m.unknown_platform_cnt >= :min_window_count::bigint
            and m.unknown_platform_cnt
            > :max_unknown_platform_share::numeric * m.events_last_10m
        ),
        (
            'unknown_source',
            m.unknown_source_cnt >= :min_window_count::bigint
            and m.unknown_source_cnt
            > :max_unknown_source_share::numeric * m.events_last_10m
        ),
        (
            'unknown_region',
            m.unknown_region_cnt >= :min_window_count::bigint
            and m.unknown_region_cnt
            > :max_unknown_region_share::numeric * m.events_last_10m
        ),
        (
            'future_event_time',
            m.future_event_time_cnt >= :min_window_count::bigint
            and m.future_event_time_cnt
            > :max_future_event_time_share::numeric * m.events_last_10m
        )
    ) as c (check_name, is_failed)
)

insert into dq.status_snapshots (
    run_id,
    check_ts,
    window_start,
    window_end,
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
    raw_freshness_lag_seconds,
    backlog_rows,
    schema_test_failures,
    overall_pass,
    failed_checks
)
select
    :run_id::bigint as run_id,
    :check_ts::timestamptz as check_ts,
    :window_start::timestamptz as window_start,
    :check_ts::timestamptz as window_end,
    m.events_last_10m,
    m.stg_rows,
    m.invalid_event_name_cnt,
    m.negative_price_cnt,
    m.purchase_without_price_cnt,
    m.unknown_platform_cnt,
    m.unknown_source_cnt,
    m.unknown_region_cnt,
    m.future_event_time_cnt,
    m.freshness_lag_seconds,
    m.raw_freshness_lag_seconds,
    m.backlog_rows,
    m.schema_test_failures,
    jsonb_array_length(f.failed_checks) = 0 as overall_pass,
    f.failed_checks
from measures as m
cross join failed as f
returning
    overall_pass,
    failed_checks,
    backlog_rows;
