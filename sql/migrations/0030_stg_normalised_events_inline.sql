-- stg.normalised_events: one row per raw event, normalised and flagged, no
-- dedup. Redefined from 0022 without its CTE: a view holding a WITH is
-- planned on its own, so a caller's filter on id or ingested_at, or the
-- dedup probe of stg.stg_events, could not reach raw's indexes.
create or replace view stg.normalised_events as
select
    c.id,
    c.event_id,
    c.event_time,
    c.user_id,
    c.session_id,
    c.event_name,
    c.item_id,
    case when c.raw_price < 0 then null else c.raw_price end as price,
    c.raw_price,
    c.currency,
    c.platform,
    c.region,
    c.source,
    c.experiment_id,
    c.payload,
    c.ingested_at,
    (c.event_time at time zone 'UTC')::date as event_date,
    (coalesce(c.event_time, c.ingested_at) at time zone 'UTC')::date
        as raw_date,
    (
        c.event_id is null
        or c.event_time is null
        or c.user_id is null
        or c.event_name is null
    ) as is_rejected,
    coalesce(
        c.event_name in ('view', 'click', 'add_to_cart', 'purchase', 'signup'),
        false
    ) as is_accepted_event,
    coalesce(
        c.event_name not in (
            'view', 'click', 'add_to_cart', 'purchase', 'signup'
        ),
        false
    ) as is_invalid_event_name,
    coalesce(c.raw_price < 0, false) as is_negative_price,
    coalesce(c.event_name = 'purchase' and c.raw_price is null, false)
        as is_purchase_without_price,
    c.platform not in ('web', 'ios', 'android') as is_unknown_platform,
    c.source not in ('organic', 'ads', 'referral') as is_unknown_source,
    c.region = 'unknown' as is_unknown_region,
    coalesce(c.event_time > c.ingested_at + interval '5 minutes', false)
        as is_future_event_time
from (
    select
        r.id,
        r.event_id,
        r.event_time,
        r.user_id,
        nullif(trim(r.session_id), '') as session_id,
        lower(trim(r.event_name)) as event_name,
        r.item_id,
        r.price as raw_price,
        r.currency,
        coalesce(nullif(lower(trim(r.platform)), ''), 'unknown')
            as platform,
        coalesce(nullif(lower(trim(r.region)), ''), 'unknown') as region,
        coalesce(nullif(lower(trim(r.source)), ''), 'unknown') as source,
        r.experiment_id,
        r.payload,
        r.ingested_at
    from raw.events as r
) as c;
