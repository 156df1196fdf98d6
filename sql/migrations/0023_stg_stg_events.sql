-- stg.stg_events: one row per event_id among rows not rejected, the lowest
-- raw id winning. Written as an anti-join, not a window over all of raw,
-- so a filter on raw_id or ingested_at reads an index range.
create or replace view stg.stg_events as
select
    n.id as raw_id,
    n.event_id,
    n.event_time,
    n.event_date,
    n.user_id,
    n.session_id,
    n.event_name,
    n.item_id,
    n.price,
    n.raw_price,
    n.currency,
    n.platform,
    n.region,
    n.source,
    n.experiment_id,
    n.payload,
    n.ingested_at,
    n.is_accepted_event,
    n.is_invalid_event_name,
    n.is_negative_price,
    n.is_purchase_without_price,
    n.is_unknown_platform,
    n.is_unknown_source,
    n.is_unknown_region,
    n.is_future_event_time
from stg.normalised_events as n
where
    not n.is_rejected
    and not exists (
        select 1
        from stg.normalised_events as earlier
        where
            earlier.event_id = n.event_id
            and earlier.id < n.id
            and not earlier.is_rejected
    );
