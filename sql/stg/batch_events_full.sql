-- state.batch_events on a full refresh: one row per raw row in
-- (0, watermark_to], classified in two scans of raw instead of one
-- (event_id, id) index probe per row. The range starts at the first raw
-- row, so the stg row of an event_id is its lowest non-rejected id in it:
-- the same rows stg.stg_events keeps.
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
with first_copies as (
    select min(f.id) as raw_id
    from stg.normalised_events as f
    where
        f.id > :watermark_from::bigint
        and f.id <= :watermark_to::bigint
        and not f.is_rejected
    group by f.event_id
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
from stg.normalised_events as n
left join first_copies as s
    on n.id = s.raw_id
where
    n.id > :watermark_from::bigint
    and n.id <= :watermark_to::bigint;

-- Statistics for the grouped passes that read the batch next.
analyze state.batch_events;
