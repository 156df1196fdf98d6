-- state.batch_events: one row per raw row in (watermark_from, watermark_to],
-- classified. The stg rows among them are those stg.stg_events keeps: its
-- dedup probes raw's (event_id, id) index, so an event_id seen in any
-- earlier run, or earlier in this batch, makes a duplicate however late.
truncate state.batch_events;

insert into state.batch_events (
    raw_id,
    event_id,
    raw_date,
    ingested_at,
    is_rejected,
    is_duplicate,
    is_stg,
    event_date,
    user_id,
    session_id,
    event_name,
    price,
    is_accepted_event,
    is_invalid_event_name,
    is_negative_price,
    is_purchase_without_price,
    is_unknown_platform,
    is_unknown_source,
    is_unknown_region,
    is_future_event_time,
    event_time,
    platform,
    source,
    region
)
with new_rows as (
    select n.*
    from stg.normalised_events as n
    where
        n.id > :watermark_from::bigint
        and n.id <= :watermark_to::bigint
),

new_stg_rows as (
    select s.raw_id
    from stg.stg_events as s
    where
        s.raw_id > :watermark_from::bigint
        and s.raw_id <= :watermark_to::bigint
)

select
    n.id as raw_id,
    n.event_id,
    n.raw_date,
    n.ingested_at,
    n.is_rejected,
    not n.is_rejected and s.raw_id is null as is_duplicate,
    s.raw_id is not null as is_stg,
    n.event_date,
    n.user_id,
    n.session_id,
    n.event_name,
    n.price,
    n.is_accepted_event,
    n.is_invalid_event_name,
    n.is_negative_price,
    n.is_purchase_without_price,
    n.is_unknown_platform,
    n.is_unknown_source,
    n.is_unknown_region,
    n.is_future_event_time,
    n.event_time,
    n.platform,
    n.source,
    n.region
from new_rows as n
left join new_stg_rows as s
    on n.id = s.raw_id;
