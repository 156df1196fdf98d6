-- baseline.funnel_daily rebuilt for the last 30 days from the dedup view:
-- one row per UTC day. $1 is the run's clock.
delete from baseline.funnel_daily
where dt >= ($1::timestamptz at time zone 'UTC')::date - 30;

insert into baseline.funnel_daily (
    dt,
    users_view,
    users_click,
    users_cart,
    users_purchase,
    view_to_click,
    click_to_cart,
    cart_to_purchase,
    updated_at
)
with accepted_events as (
    select
        s.event_date,
        s.user_id,
        s.event_name
    from baseline.stg_events as s
    where
        s.event_name in ('view', 'click', 'add_to_cart', 'purchase', 'signup')
        and s.event_date >= ($1::timestamptz at time zone 'UTC')::date - 30
),

per_day as (
    select
        e.event_date as dt,
        count(distinct e.user_id) filter (
            where e.event_name = 'view'
        ) as users_view,
        count(distinct e.user_id) filter (
            where e.event_name = 'click'
        ) as users_click,
        count(distinct e.user_id) filter (
            where e.event_name = 'add_to_cart'
        ) as users_cart,
        count(distinct e.user_id) filter (
            where e.event_name = 'purchase'
        ) as users_purchase
    from accepted_events as e
    group by e.event_date
)

select
    p.dt,
    p.users_view,
    p.users_click,
    p.users_cart,
    p.users_purchase,
    case
        when p.users_view = 0 then 0
        else p.users_click::numeric / p.users_view
    end as view_to_click,
    case
        when p.users_click = 0 then 0
        else p.users_cart::numeric / p.users_click
    end as click_to_cart,
    case
        when p.users_cart = 0 then 0
        else p.users_purchase::numeric / p.users_cart
    end as cart_to_purchase,
    $1::timestamptz as updated_at
from per_day as p;
