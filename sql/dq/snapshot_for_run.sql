-- The status snapshot of run $1 with the pipeline latency of that run ($2
-- seconds) recorded on it: one row, or none when the run wrote none.
update dq.status_snapshots
set
    pipeline_latency_seconds = $2::numeric
where run_id = $1::bigint
returning
    run_id,
    check_ts,
    events_last_10m,
    invalid_event_name_cnt,
    negative_price_cnt,
    purchase_without_price_cnt,
    unknown_platform_cnt,
    unknown_source_cnt,
    unknown_region_cnt,
    future_event_time_cnt,
    freshness_lag_seconds,
    raw_freshness_lag_seconds,
    schema_test_failures,
    overall_pass,
    failed_checks
