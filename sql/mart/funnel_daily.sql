-- mart.funnel_daily: one row per UTC day with at least one accepted event.
-- A step's users are the day's users with its flag (state.day_users); the
-- day_users step counted the run's new ones per day, and only those add to
-- the day's counts, so a run never re-reads a day. On a full refresh the
-- marts are empty and the same statement fills them.
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
    n.dt,
    n.new_view_users as users_view,
    n.new_click_users as users_click,
    n.new_add_to_cart_users as users_cart,
    n.new_purchase_users as users_purchase,
    0 as view_to_click,
    0 as click_to_cart,
    0 as cart_to_purchase,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from state.batch_day_users as n
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
