-- mart.daily_metrics on a full refresh: one row per UTC day with at least
-- one accepted event. The day_users step counted each day's users and
-- funnel_daily the purchasers (its purchase-step users) before this. One
-- grouped pass over the batch (one row per day and session, the null
-- session included) fills the session sets and sums each day's orders and
-- revenue; the sets' key is dropped for the bulk insert and built again
-- after it.
alter table state.day_sessions
drop constraint day_sessions_pkey;

with session_orders as materialized (
    select
        b.event_date as dt,
        b.session_id,
        count(*) filter (where b.event_name = 'purchase') as orders,
        sum(b.price) filter (where b.event_name = 'purchase') as revenue
    from state.batch_events as b
    where b.is_stg and b.is_accepted_event
    group by
        b.event_date,
        b.session_id
),

day_sessions as (
    insert into state.day_sessions (
        dt,
        session_id
    )
    select
        s.dt,
        s.session_id
    from session_orders as s
    where s.session_id is not null
),

orders as (
    select
        s.dt,
        count(s.session_id) as sessions,
        sum(s.orders)::bigint as orders,
        coalesce(sum(s.revenue), 0) as revenue
    from session_orders as s
    group by s.dt
),

figures as (
    select
        o.dt,
        coalesce(u.new_users, 0) as dau,
        o.sessions,
        o.orders,
        o.revenue,
        coalesce(f.users_purchase, 0) as purchasers
    from orders as o
    left join state.batch_day_users as u
        on o.dt = u.dt
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

alter table state.day_sessions
add constraint day_sessions_pkey primary key (dt, session_id);
