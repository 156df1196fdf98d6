-- The funnel's step users join the day's user set: one row per UTC day and
-- user with an accepted event, with the steps the user reached that day.
-- One set instead of two halves what a run merges and what a full refresh
-- groups, writes and indexes; a step count is the day's rows with its
-- flag. State kept by earlier runs is carried over from
-- state.day_step_users, whose users are all in state.day_users (both were
-- filled from the same accepted rows).
alter table state.day_users
add column has_view boolean not null default false,
add column has_click boolean not null default false,
add column has_add_to_cart boolean not null default false,
add column has_purchase boolean not null default false;

update state.day_users as u
set
    has_view = s.has_view,
    has_click = s.has_click,
    has_add_to_cart = s.has_add_to_cart,
    has_purchase = s.has_purchase
from (
    select
        d.dt,
        d.user_id,
        bool_or(d.step = 'view') as has_view,
        bool_or(d.step = 'click') as has_click,
        bool_or(d.step = 'add_to_cart') as has_add_to_cart,
        bool_or(d.step = 'purchase') as has_purchase
    from state.day_step_users as d
    group by
        d.dt,
        d.user_id
) as s
where
    u.dt = s.dt
    and u.user_id = s.user_id;

drop table state.day_step_users;

-- One row per UTC day the run's accepted rows touch: how many of the day's
-- users, and of each step's users, the run added. Filled by the day_users
-- step, added to the marts' counts by the two mart steps; every run
-- truncates it first, so it needs no crash safety.
create unlogged table state.batch_day_users (
    dt date primary key,
    new_users bigint not null,
    new_view_users bigint not null,
    new_click_users bigint not null,
    new_add_to_cart_users bigint not null,
    new_purchase_users bigint not null
);
