-- stg.normalised_events: one row per raw event, normalised and flagged, no
-- dedup. Redefined from 0030 with the cleaned values in a lateral
-- subquery that the planner keeps apart (offset 0): flattened, every flag
-- recomputed its cleaned value, five trims and lower-casings of the event
-- name per row, and a full refresh spent most of its time there. Filters
-- on raw's columns (id, ingested_at, the dedup probe's event_id and id)
-- still reach raw's indexes, and is_rejected reads raw's columns only, so
-- the probe filters on the index scan itself.
create or replace view stg.normalised_events as
select
    r.id,
    r.event_id,
    r.event_time,
    r.user_id,
    c.session_id,
    c.event_name,
    r.item_id,
    case when r.price < 0 then null else r.price end as price,
    r.price as raw_price,
    r.currency,
    c.platform,
    c.region,
    c.source,
    r.experiment_id,
    r.payload,
    r.ingested_at,
    c.event_date,
    c.raw_date,
    (
        r.event_id is null
        or r.event_time is null
        or r.user_id is null
        or r.event_name is null
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
    coalesce(r.price < 0, false) as is_negative_price,
    coalesce(c.event_name = 'purchase' and r.price is null, false)
        as is_purchase_without_price,
    c.platform not in ('web', 'ios', 'android') as is_unknown_platform,
    c.source not in ('organic', 'ads', 'referral') as is_unknown_source,
    c.region = 'unknown' as is_unknown_region,
    coalesce(r.event_time > r.ingested_at + interval '5 minutes', false)
        as is_future_event_time
from raw.events as r
cross join lateral (
    select
        nullif(trim(r.session_id), '') as session_id,
        lower(trim(r.event_name)) as event_name,
        coalesce(nullif(lower(trim(r.platform)), ''), 'unknown')
            as platform,
        coalesce(nullif(lower(trim(r.region)), ''), 'unknown') as region,
        coalesce(nullif(lower(trim(r.source)), ''), 'unknown') as source,
        (r.event_time at time zone 'UTC')::date as event_date,
        (coalesce(r.event_time, r.ingested_at) at time zone 'UTC')::date
            as raw_date
    offset 0
) as c;
