-- baseline.daily_metrics rebuilt for the last 30 days from the dedup view:
-- one row per UTC day. $1 is the run's clock.
delete from baseline.daily_metrics
where dt >= ($1::timestamptz at time zone 'UTC')::date - 30;

insert into baseline.daily_metrics (
    dt,
    dau,
    sessions,
    orders,
    revenue,
    conversion_rate,
    purchasers,
    user_conversion_rate,
    updated_at
)
with accepted_events as (
    select
        s.event_date,
        s.user_id,
        s.session_id,
        s.event_name,
        s.price
    from baseline.stg_events as s
    where
        s.event_name in ('view', 'click', 'add_to_cart', 'purchase', 'signup')
        and s.event_date >= ($1::timestamptz at time zone 'UTC')::date - 30
),

per_day as (
    select
        e.event_date as dt,
        count(distinct e.user_id) as dau,
        count(distinct e.session_id) as sessions,
        count(*) filter (where e.event_name = 'purchase') as orders,
        coalesce(
            sum(e.price) filter (where e.event_name = 'purchase'), 0
        ) as revenue,
        count(distinct e.user_id) filter (
            where e.event_name = 'purchase'
        ) as purchasers
    from accepted_events as e
    group by e.event_date
)

select
    p.dt,
    p.dau,
    p.sessions,
    p.orders,
    p.revenue,
    case
        when p.sessions = 0 then 0
        else p.orders::numeric / p.sessions
    end as conversion_rate,
    p.purchasers,
    case
        when p.dau = 0 then 0
        else p.purchasers::numeric / p.dau
    end as user_conversion_rate,
    $1::timestamptz as updated_at
from per_day as p;
