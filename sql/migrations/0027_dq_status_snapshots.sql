-- dq.status_snapshots: one row per transform run that was not skipped.
create table if not exists dq.status_snapshots (
    run_id bigint primary key,
    check_ts timestamptz not null,
    window_start timestamptz not null,
    window_end timestamptz not null,
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
    raw_freshness_lag_seconds numeric(14, 3),
    backlog_rows bigint not null,
    schema_test_failures bigint not null,
    overall_pass boolean not null,
    failed_checks jsonb not null
);

create index if not exists status_snapshots_check_ts_idx
    on dq.status_snapshots (check_ts);
