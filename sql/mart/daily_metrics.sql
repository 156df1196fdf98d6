-- mart.daily_metrics: one row per UTC day with at least one accepted event.
-- Users and sessions are per-day sets (new members add to the counts; the
-- day_users step counted the run's new users); purchasers are the funnel's
-- purchase-step users, so funnel_daily runs first.
with accepted as (
    select
        b.event_date as dt,
        b.session_id,
        b.event_name,
        b.price
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
),

new_sessions as (
    insert into state.day_sessions (
        dt,
        session_id
    )
    select distinct
        a.dt,
        a.session_id
    from accepted as a
    where a.session_id is not null
    order by
        a.dt,
        a.session_id
    on conflict do nothing
    returning dt
),

new_session_counts as (
    select
        n.dt,
        count(*) as sessions
    from new_sessions as n
    group by n.dt
),

batch_orders as (
    select
        a.dt,
        count(*) filter (where a.event_name = 'purchase') as orders,
        coalesce(sum(a.price) filter (where a.event_name = 'purchase'), 0)
            as revenue
    from accepted as a
    group by a.dt
)

insert into mart.daily_metrics as m (
    dt,
    dau,
    sessions,
    orders,
    revenue,
    conversion_rate,
    purchasers,
    user_conversion_rate,
    updated_run_id,
    updated_at
)
select
    o.dt,
    coalesce(u.new_users, 0) as dau,
    coalesce(s.sessions, 0) as sessions,
    o.orders,
    o.revenue,
    0 as conversion_rate,
    0 as purchasers,
    0 as user_conversion_rate,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from batch_orders as o
left join state.batch_day_users as u
    on o.dt = u.dt
left join new_session_counts as s
    on o.dt = s.dt
on conflict (dt) do update
set
    dau = m.dau + excluded.dau,
    sessions = m.sessions + excluded.sessions,
    orders = m.orders + excluded.orders,
    revenue = m.revenue + excluded.revenue,
    updated_run_id = excluded.updated_run_id,
    updated_at = excluded.updated_at;

-- Purchasers and rates of the days this run changed: conversion_rate is
-- orders / sessions, user_conversion_rate purchasers / dau, 0 when the
-- denominator is 0.
update mart.daily_metrics as m
set
    purchasers = f.users_purchase,
    conversion_rate = case
        when m.sessions = 0 then 0
        else round(m.orders::numeric / m.sessions, 10)
    end,
    user_conversion_rate = case
        when m.dau = 0 then 0
        else round(f.users_purchase::numeric / m.dau, 10)
    end
from mart.funnel_daily as f
where
    f.dt = m.dt
    and m.updated_run_id = :run_id::bigint;
