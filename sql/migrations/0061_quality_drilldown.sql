-- dq.drilldown: one row per UTC day, check, dimension and normalised value,
-- counting the offending rows (grown from each run's new rows).
create schema if not exists dq;

create table if not exists dq.drilldown (
    dt date not null,
    check_name text not null,
    dimension text not null,
    dimension_value text not null,
    rows_cnt bigint not null,
    updated_at timestamptz not null default now(),
    primary key (dt, check_name, dimension, dimension_value)
);

-- dq.drilldown_samples: up to a fixed number of offending rows per UTC day
-- and check, the earliest by raw id, to trace a failing card to rows.
create table if not exists dq.drilldown_samples (
    dt date not null,
    check_name text not null,
    raw_id bigint not null,
    event_id uuid,
    platform text,
    source text,
    region text,
    primary key (dt, check_name, raw_id)
);
