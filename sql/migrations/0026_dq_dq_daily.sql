-- dq.dq_daily: one row per UTC day with at least one raw row.
create table if not exists dq.dq_daily (
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
    day_pass boolean not null,
    failed_checks jsonb not null default '[]',
    updated_run_id bigint not null,
    updated_at timestamptz not null
);
