-- mart.funnel_daily: one row per UTC day with at least one accepted event.
create table if not exists mart.funnel_daily (
    dt date primary key,
    users_view bigint not null,
    users_click bigint not null,
    users_cart bigint not null,
    users_purchase bigint not null,
    view_to_click numeric(20, 10) not null,
    click_to_cart numeric(20, 10) not null,
    cart_to_purchase numeric(20, 10) not null,
    updated_run_id bigint not null,
    updated_at timestamptz not null
);
