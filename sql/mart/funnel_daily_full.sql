-- mart.funnel_daily on a full refresh: one row per UTC day with at least
-- one accepted event. The reset emptied the step-user sets, so they are
-- filled with one plain insert (no conflict checks) and each day's counts
-- are read back from them in one grouped pass.
insert into state.day_step_users (
    dt,
    step,
    user_id
)
with members as (
    select
        b.event_date as dt,
        b.event_name as step,
        b.user_id
    from state.batch_events as b
    where
        b.is_stg
        and b.is_accepted_event
        and b.event_name in ('view', 'click', 'add_to_cart', 'purchase')
    group by
        b.event_date,
        b.event_name,
        b.user_id
)

-- Key order, compared bytewise (the step names are ASCII): the index
-- grows at its right edge, and no locale comparison is paid.
select
    m.dt,
    m.step,
    m.user_id
from members as m
order by
    m.dt,
    m.step collate "C",
    m.user_id;

with step_counts as (
    select
        u.dt,
        count(*) filter (where u.step = 'view') as users_view,
        count(*) filter (where u.step = 'click') as users_click,
        count(*) filter (where u.step = 'add_to_cart') as users_cart,
        count(*) filter (where u.step = 'purchase') as users_purchase
    from state.day_step_users as u
    group by u.dt
),

touched_days as (
    select distinct b.event_date as dt
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
),

counts as (
    select
        t.dt,
        coalesce(c.users_view, 0) as users_view,
        coalesce(c.users_click, 0) as users_click,
        coalesce(c.users_cart, 0) as users_cart,
        coalesce(c.users_purchase, 0) as users_purchase
    from touched_days as t
    left join step_counts as c
        on t.dt = c.dt
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
