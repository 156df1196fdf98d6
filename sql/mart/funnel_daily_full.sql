-- mart.funnel_daily on a full refresh: one row per UTC day with at least
-- one accepted event. The reset emptied the per-day sets, so one grouped
-- pass over the batch (one row per day, accepted event name and user)
-- fills the step-user sets, the user sets daily_metrics counts, and each
-- day's counts. The sets' keys are dropped for the bulk insert and built
-- again after it: one sort per index instead of a probe per row.
alter table state.day_step_users
drop constraint day_step_users_pkey;

alter table state.day_users
drop constraint day_users_pkey;

with members as materialized (
    select
        b.event_date as dt,
        b.event_name as step,
        b.user_id
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
    group by
        b.event_date,
        b.event_name,
        b.user_id
),

step_users as (
    insert into state.day_step_users (
        dt,
        step,
        user_id
    )
    select
        m.dt,
        m.step,
        m.user_id
    from members as m
    where m.step in ('view', 'click', 'add_to_cart', 'purchase')
),

day_users as (
    insert into state.day_users (
        dt,
        user_id
    )
    select
        m.dt,
        m.user_id
    from members as m
    group by
        m.dt,
        m.user_id
),

counts as (
    select
        m.dt,
        count(*) filter (where m.step = 'view') as users_view,
        count(*) filter (where m.step = 'click') as users_click,
        count(*) filter (where m.step = 'add_to_cart') as users_cart,
        count(*) filter (where m.step = 'purchase') as users_purchase
    from members as m
    group by m.dt
)

insert into mart.funnel_daily (
    dt,
    users_view,
    users_click,
    users_cart,
    users_purchase,
    view_to_click,
    click_to_cart,
    cart_to_purchase,
    updated_run_id,
    updated_at
)
select
    c.dt,
    c.users_view,
    c.users_click,
    c.users_cart,
    c.users_purchase,
    case
        when c.users_view = 0 then 0
        else round(c.users_click::numeric / c.users_view, 10)
    end as view_to_click,
    case
        when c.users_click = 0 then 0
        else round(c.users_cart::numeric / c.users_click, 10)
    end as click_to_cart,
    case
        when c.users_cart = 0 then 0
        else round(c.users_purchase::numeric / c.users_cart, 10)
    end as cart_to_purchase,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from counts as c;

alter table state.day_step_users
add constraint day_step_users_pkey primary key (dt, step, user_id);

alter table state.day_users
add constraint day_users_pkey primary key (dt, user_id);
