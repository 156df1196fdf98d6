-- mart.daily_metrics: one row per UTC day with at least one accepted event.
create table if not exists mart.daily_metrics (
    dt date primary key,
    dau bigint not null,
    sessions bigint not null,
    orders bigint not null,
    revenue numeric(18, 2) not null,
    conversion_rate numeric(20, 10) not null,
    purchasers bigint not null,
    user_conversion_rate numeric(20, 10) not null,
    updated_run_id bigint not null,
    updated_at timestamptz not null
);
