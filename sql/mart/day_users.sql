-- state.day_users: one row per UTC day and user with an accepted event, and
-- the funnel steps the user reached that day. The run's users are merged
-- in, and state.batch_day_users gets, per day the batch touches, how many
-- users and step users are new to the day, which the marts add to their
-- counts. Every statement reads the batch and probes the set's key; a day
-- is never re-read.
truncate state.batch_day_users;

with batch_users as (
    select
        b.event_date as dt,
        b.user_id,
        bool_or(b.event_name = 'view') as has_view,
        bool_or(b.event_name = 'click') as has_click,
        bool_or(b.event_name = 'add_to_cart') as has_add_to_cart,
        bool_or(b.event_name = 'purchase') as has_purchase
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
    group by
        b.event_date,
        b.user_id
),

-- The statement's snapshot: the set as it was before this run's merge.
known_users as (
    select
        u.dt,
        u.user_id,
        u.has_view,
        u.has_click,
        u.has_add_to_cart,
        u.has_purchase
    from batch_users as b
    inner join state.day_users as u
        on
            b.dt = u.dt
            and b.user_id = u.user_id
),

merged as (
    insert into state.day_users as u (
        dt,
        user_id,
        has_view,
        has_click,
        has_add_to_cart,
        has_purchase
    )
    select
        b.dt,
        b.user_id,
        b.has_view,
        b.has_click,
        b.has_add_to_cart,
        b.has_purchase
    from batch_users as b
    order by
        b.dt,
        b.user_id
    on conflict (dt, user_id) do update
    set
        has_view = u.has_view or excluded.has_view,
        has_click = u.has_click or excluded.has_click,
        has_add_to_cart = u.has_add_to_cart or excluded.has_add_to_cart,
        has_purchase = u.has_purchase or excluded.has_purchase
    where
        (excluded.has_view and not u.has_view)
        or (excluded.has_click and not u.has_click)
        or (excluded.has_add_to_cart and not u.has_add_to_cart)
        or (excluded.has_purchase and not u.has_purchase)
)

insert into state.batch_day_users (
    dt,
    new_users,
    new_view_users,
    new_click_users,
    new_add_to_cart_users,
    new_purchase_users
)
select
    b.dt,
    count(*) filter (where k.user_id is null) as new_users,
    count(*) filter (
        where b.has_view and not coalesce(k.has_view, false)
    ) as new_view_users,
    count(*) filter (
        where b.has_click and not coalesce(k.has_click, false)
    ) as new_click_users,
    count(*) filter (
        where b.has_add_to_cart and not coalesce(k.has_add_to_cart, false)
    ) as new_add_to_cart_users,
    count(*) filter (
        where b.has_purchase and not coalesce(k.has_purchase, false)
    ) as new_purchase_users
from batch_users as b
left join known_users as k
    on
        b.dt = k.dt
        and b.user_id = k.user_id
group by b.dt;
