-- mart.daily_metrics on a full refresh: one row per UTC day with at least
-- one accepted event. The reset emptied the user and session sets, so they
-- are filled with plain inserts and each day's figures come from one
-- grouped pass; purchasers are the funnel's purchase-step users, so
-- funnel_daily runs first.
insert into state.day_users (
    dt,
    user_id
)
with members as (
    select
        b.event_date as dt,
        b.user_id
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
    group by
        b.event_date,
        b.user_id
)

select
    m.dt,
    m.user_id
from members as m
order by
    m.dt,
    m.user_id;

insert into state.day_sessions (
    dt,
    session_id
)
with members as (
    select
        b.event_date as dt,
        b.session_id
    from state.batch_events as b
    where
        b.is_stg
        and b.is_accepted_event
        and b.session_id is not null
    group by
        b.event_date,
        b.session_id
)

-- Key order, compared bytewise: the index grows at its right edge, and
-- no locale comparison is paid.
select
    m.dt,
    m.session_id
from members as m
order by
    m.dt,
    m.session_id collate "C";

with user_counts as (
    select
        u.dt,
        count(*) as dau
    from state.day_users as u
    group by u.dt
),

session_counts as (
    select
        s.dt,
        count(*) as sessions
    from state.day_sessions as s
    group by s.dt
),

orders as (
    select
        b.event_date as dt,
        count(*) filter (where b.event_name = 'purchase') as orders,
        coalesce(sum(b.price) filter (where b.event_name = 'purchase'), 0)
            as revenue
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
    group by b.event_date
),

figures as (
    select
        o.dt,
        coalesce(u.dau, 0) as dau,
        coalesce(s.sessions, 0) as sessions,
        o.orders,
        o.revenue,
        coalesce(f.users_purchase, 0) as purchasers
    from orders as o
    left join user_counts as u
        on o.dt = u.dt
    left join session_counts as s
        on o.dt = s.dt
    left join mart.funnel_daily as f
        on o.dt = f.dt
)

insert into mart.daily_metrics (
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
    f.dt,
    f.dau,
    f.sessions,
    f.orders,
    f.revenue,
    case
        when f.sessions = 0 then 0
        else round(f.orders::numeric / f.sessions, 10)
    end as conversion_rate,
    f.purchasers,
    case
        when f.dau = 0 then 0
        else round(f.purchasers::numeric / f.dau, 10)
    end as user_conversion_rate,
    :run_id::bigint as updated_run_id,
    :check_ts::timestamptz as updated_at
from figures as f;
