-- state.batch_events on a full refresh: one row per raw row in
-- (0, watermark_to], classified in one scan of raw. Most event_ids occur
-- once, so instead of hashing every event_id the dedup walks raw's
-- (event_id, id) index in order to find the few that repeat, and only
-- rows of those probe the index for an earlier non-rejected copy: the
-- rule stg.stg_events applies, over the same rows.
--
-- PostgreSQL 15 runs an insert's select in one process but a create
-- table as with parallel workers, so the batch is built as a new table
-- and swapped in for state.batch_events, with the same columns, not-null
-- constraints and unlogged storage (migrations 0021, 0040, 0041), in the
-- run's transaction. The cleaning rules are stg.normalised_events'
-- (migration 0065), spelled out: the view's lateral subquery keeps each
-- value computed once per row, but a lateral reference is a parameter,
-- which PostgreSQL 15 does not pass to workers.
drop table if exists state.batch_events_next;

-- The planner prices the index walk above hashing every event_id; with
-- the visibility map set the walk reads the index only and does not
-- spill. Nearly every raw row leaves the workers, and the default cost
-- of passing a row to the leader keeps the cleaning out of them.
-- Restored below, so the later steps plan as before.
set local enable_hashagg = off;

set local parallel_tuple_cost = 0.001;

create unlogged table state.batch_events_next as
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

cleaned_rows as (
    select
        r.id,
        r.event_id,
        r.event_time,
        r.user_id,
        r.price,
        r.ingested_at,
        nullif(trim(r.session_id), '') as session_id,
        lower(trim(r.event_name)) as event_name,
        coalesce(nullif(lower(trim(r.platform)), ''), 'unknown')
            as platform,
        coalesce(nullif(lower(trim(r.region)), ''), 'unknown') as region,
        coalesce(nullif(lower(trim(r.source)), ''), 'unknown') as source,
        (r.event_time at time zone 'UTC')::date as event_date,
        (coalesce(r.event_time, r.ingested_at) at time zone 'UTC')::date
            as raw_date,
        (
            r.event_id is null
            or r.event_time is null
            or r.user_id is null
            or r.event_name is null
        ) as is_rejected
    from raw.events as r
    where
        r.id > :watermark_from::bigint
        and r.id <= :watermark_to::bigint
    offset 0
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
    from cleaned_rows as n
    left join repeated_event_ids as d
        on n.event_id = d.event_id
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
    (case when c.price < 0 then null else c.price end)::numeric(12, 2)
        as price,
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
    coalesce(c.price < 0, false) as is_negative_price,
    coalesce(c.event_name = 'purchase' and c.price is null, false)
        as is_purchase_without_price,
    c.platform not in ('web', 'ios', 'android') as is_unknown_platform,
    c.source not in ('organic', 'ads', 'referral') as is_unknown_source,
    c.region = 'unknown' as is_unknown_region,
    coalesce(c.event_time > c.ingested_at + interval '5 minutes', false)
        as is_future_event_time,
    c.event_time,
    c.platform,
    c.source,
    c.region
from classified as c;

reset enable_hashagg;

reset parallel_tuple_cost;

alter table state.batch_events_next
alter column raw_id set not null,
alter column raw_date set not null,
alter column ingested_at set not null,
alter column is_rejected set not null,
alter column is_duplicate set not null,
alter column is_stg set not null,
alter column is_accepted_event set not null,
alter column is_invalid_event_name set not null,
alter column is_negative_price set not null,
alter column is_purchase_without_price set not null,
alter column is_unknown_platform set not null,
alter column is_unknown_source set not null,
alter column is_unknown_region set not null,
alter column is_future_event_time set not null;

drop table state.batch_events;

alter table state.batch_events_next rename to batch_events;

-- Statistics for the grouped passes that read the batch next.
analyze state.batch_events;
