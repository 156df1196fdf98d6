-- mart.funnel_daily: one row per UTC day with at least one accepted event.
-- Step users are kept as per-day sets; only members new to a set add to
-- the day's count, so a run reads its batch and never a whole day.
with accepted as (
    select
        b.event_date as dt,
        b.event_name,
        b.user_id
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
),

new_step_users as (
    insert into state.day_step_users (
        dt,
        step,
        user_id
    )
    select distinct
        a.dt,
        a.event_name as step,
        a.user_id
    from accepted as a
    where a.event_name in ('view', 'click', 'add_to_cart', 'purchase')
    order by
        a.dt,
        step,
        a.user_id
    on conflict do nothing
    returning
        dt,
        step
),

new_step_counts as (
    select
        n.dt,
        count(*) filter (where n.step = 'view') as users_view,
        count(*) filter (where n.step = 'click') as users_click,
        count(*) filter (where n.step = 'add_to_cart') as users_cart,
        count(*) filter (where n.step = 'purchase') as users_purchase
    from new_step_users as n
    group by n.dt
),

touched_days as (
    select distinct a.dt
    from accepted as a
)

insert into mart.funnel_daily as f (
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
    t.dt,
    coalesce(c.users_view, 0) as users_view,
    coalesce(c.users_click, 0) as users_click,
    coalesce(c.users_cart, 0) as users_cart,
    coalesce(c.users_purchase, 0) as users_purchase,
    0 as view_to_click,
    0 as click_to_cart,
    0 as cart_to_purchase,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from touched_days as t
left join new_step_counts as c
    on t.dt = c.dt
on conflict (dt) do update
set
    users_view = f.users_view + excluded.users_view,
    users_click = f.users_click + excluded.users_click,
    users_cart = f.users_cart + excluded.users_cart,
    users_purchase = f.users_purchase + excluded.users_purchase,
    updated_run_id = excluded.updated_run_id,
    updated_at = excluded.updated_at;

-- Rates of the days this run changed: next step / previous step, 0 when
-- the previous step has no users.
update mart.funnel_daily as f
set
    view_to_click = case
        when f.users_view = 0 then 0
        else round(f.users_click::numeric / f.users_view, 10)
    end,
    click_to_cart = case
        when f.users_click = 0 then 0
        else round(f.users_cart::numeric / f.users_click, 10)
    end,
    cart_to_purchase = case
        when f.users_cart = 0 then 0
        else round(f.users_purchase::numeric / f.users_cart, 10)
    end
where f.updated_run_id = :run_id::bigint;
