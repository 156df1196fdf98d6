-- state.batch_events: one row per raw row in (watermark_from, watermark_to].
-- A row is the stg row of its event_id when it is not rejected, is the
-- lowest id of that event_id in the batch, and no earlier run saw it.
delete from state.batch_events;

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
    is_future_event_time
)
with new_rows as (
    select n.*
    from stg.normalised_events as n
    where
        n.id > :watermark_from::bigint
        and n.id <= :watermark_to::bigint
),

first_in_batch as (
    select
        n.event_id,
        min(n.id) as first_raw_id
    from new_rows as n
    where not n.is_rejected
    group by n.event_id
),

classified as (
    select
        n.*,
        (
            not n.is_rejected
            and f.first_raw_id = n.id
            and s.event_id is null
        ) as is_stg
    from new_rows as n
    left join first_in_batch as f
        on n.event_id = f.event_id
    left join state.seen_event_ids as s
        on n.event_id = s.event_id
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
    c.is_future_event_time
from classified as c;
