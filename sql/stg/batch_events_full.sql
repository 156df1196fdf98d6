-- state.batch_events on a full refresh: one row per raw row in
-- (0, watermark_to], classified in one scan of raw. Most event_ids occur
-- once, so instead of hashing every event_id the dedup walks raw's
-- (event_id, id) index in order to find the few that repeat, and only
-- rows of those probe the index for an earlier non-rejected copy: the
-- rule stg.stg_events applies, over the same rows.
truncate state.batch_events;

-- The planner prices the index walk above hashing every event_id; with
-- the visibility map set the walk reads the index only and does not
-- spill. Restored below, so the later steps plan as before.
set local enable_hashagg = off;

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
with repeated_event_ids as (
    select r.event_id
    from raw.events as r
    where
        r.id > :watermark_from::bigint
        and r.id <= :watermark_to::bigint
        and r.event_id is not null
    group by r.event_id
    having count(*) > 1
),

classified as (
    select
        n.*,
        not n.is_rejected
        and (
            d.event_id is null
            or not exists (
                select 1
                from stg.normalised_events as earlier
                where
                    earlier.event_id = n.event_id
                    and earlier.id < n.id
                    and earlier.id > :watermark_from::bigint
                    and not earlier.is_rejected
            )
        ) as is_stg
    from stg.normalised_events as n
    left join repeated_event_ids as d
        on n.event_id = d.event_id
    where
        n.id > :watermark_from::bigint
        and n.id <= :watermark_to::bigint
)

select
    c.id as raw_id,
    c.event_id,
    c.raw_date,
    c.ingested_at,
    c.is_rejected,
    not c.is_rejected and not c.is_stg as is_duplicate,
    c.is_stg,
    c.event_date,
    c.user_id,
    c.session_id,
    c.event_name,
    c.price,
    c.is_accepted_event,
    c.is_invalid_event_name,
    c.is_negative_price,
    c.is_purchase_without_price,
    c.is_unknown_platform,
    c.is_unknown_source,
    c.is_unknown_region,
    c.is_future_event_time,
    c.event_time,
    c.platform,
    c.source,
    c.region
from classified as c;

reset enable_hashagg;

-- Statistics for the grouped passes that read the batch next.
analyze state.batch_events;
