-- state.day_users on a full refresh: one row per UTC day and user with an
-- accepted event, and the funnel steps the user reached that day. The
-- reset emptied the set, so one grouped pass over the batch fills it and
-- every user is new: state.batch_day_users gets each day's counts. The
-- key is dropped for the bulk insert and built again after it, one sort
-- instead of a probe per row.
truncate state.batch_day_users;

alter table state.day_users
drop constraint day_users_pkey;

with batch_users as materialized (
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

merged as (
    insert into state.day_users (
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
    count(*) as new_users,
    count(*) filter (where b.has_view) as new_view_users,
    count(*) filter (where b.has_click) as new_click_users,
    count(*) filter (where b.has_add_to_cart) as new_add_to_cart_users,
    count(*) filter (where b.has_purchase) as new_purchase_users
from batch_users as b
group by b.dt;

alter table state.day_users
add constraint day_users_pkey primary key (dt, user_id);
