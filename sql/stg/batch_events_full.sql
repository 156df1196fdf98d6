-- state.batch_events on a full refresh: one row per raw row in
-- (0, watermark_to], classified with the rules stg.stg_events applies, over
-- the same rows.
--
-- The dedup first. Most event_ids occur once, so instead of hashing every
-- event_id a walk of raw's (event_id, id) index in order finds the few that
-- repeat, and the copies of those, in id order, give the rows that have an
-- earlier non-rejected copy: the run's duplicates, a few in a thousand,
-- kept in a small table. The planner prices the walk above hashing every
-- event_id; with the visibility map set it reads the index only and does
-- not spill.
drop table if exists state.batch_duplicate_ids;

set local enable_hashagg = off;

create unlogged table state.batch_duplicate_ids as
with repeated_event_ids as materialized (
    select r.event_id
    from raw.events as r
    where
        r.id > :watermark_from::bigint
        and r.id <= :watermark_to::bigint
        and r.event_id is not null
    group by r.event_id
    having count(*) > 1
)

select c.id as raw_id
from repeated_event_ids as d
cross join lateral (
    select
        e.id,
        row_number() over (order by e.id) as copy
    from raw.events as e
    where
        e.event_id = d.event_id
        and e.id > :watermark_from::bigint
        and e.id <= :watermark_to::bigint
        and e.event_time is not null
        and e.user_id is not null
        and e.event_name is not null
) as c
where c.copy > 1;

reset enable_hashagg;

analyze state.batch_duplicate_ids;

-- Then the batch. PostgreSQL 15 runs an insert's select in one process but
-- a create table as with parallel workers, so the batch is built as a new
-- table and swapped in for state.batch_events, with the same columns and
-- unlogged storage (migrations 0021, 0040, 0041), in the run's
-- transaction; the not-null constraints are set once the run is done with
-- it (batch_events_finish_full.sql), on the emptied table, instead of
-- scanning millions of rows here. The cleaning rules are
-- stg.normalised_events' (migration 0065), spelled out: the view's lateral
-- reference is a parameter, which PostgreSQL 15 does not pass to workers.
--
-- Each cleaned value is computed once per row, in the workers: the
-- subquery's volatile column (clock_timestamp(), which is parallel safe)
-- keeps the planner from flattening it into the flags, which would
-- lower-case the event name four times per row, and unlike offset 0 it
-- still lets the workers run it. A value already in its accepted list is
-- already trimmed and lower-case, and is kept as it is. Nearly every raw
-- row leaves the workers, and the default cost of passing a row to the
-- leader would keep the work in the leader. The leader writes every row
-- of the new table, which is the statement's longest path; when it also
-- scans and cleans a share of raw, the workers wait on their full queues
-- meanwhile, so it only gathers and writes. Both restored below, so the
-- later steps plan as before.
drop table if exists state.batch_events_next;

set local parallel_tuple_cost = 0.001;

set local parallel_leader_participation = off;

create unlogged table state.batch_events_next as
select
    c.id as raw_id,
    c.event_id,
    c.raw_date,
    c.ingested_at,
    c.is_rejected,
    not c.is_rejected and c.is_repeat as is_duplicate,
    not c.is_rejected and not c.is_repeat as is_stg,
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
from (
    select
        r.id,
        r.event_id,
        r.event_time,
        r.user_id,
        r.price,
        r.ingested_at,
        nullif(trim(r.session_id), '') as session_id,
        case
            when
                r.event_name in (
                    'view', 'click', 'add_to_cart', 'purchase', 'signup'
                )
                then r.event_name
            else lower(trim(r.event_name))
        end as event_name,
        case
            when r.platform in ('web', 'ios', 'android') then r.platform
            else coalesce(nullif(lower(trim(r.platform)), ''), 'unknown')
        end as platform,
        coalesce(nullif(lower(trim(r.region)), ''), 'unknown') as region,
        case
            when r.source in ('organic', 'ads', 'referral') then r.source
            else coalesce(nullif(lower(trim(r.source)), ''), 'unknown')
        end as source,
        (r.event_time at time zone 'UTC')::date as event_date,
        (coalesce(r.event_time, r.ingested_at) at time zone 'UTC')::date
            as raw_date,
        (
            r.event_id is null
            or r.event_time is null
            or r.user_id is null
            or r.event_name is null
        ) as is_rejected,
        r.id in (select d.raw_id from state.batch_duplicate_ids as d)
            as is_repeat,
        clock_timestamp() as keep_apart
    from raw.events as r
    where
        r.id > :watermark_from::bigint
        and r.id <= :watermark_to::bigint
) as c;

reset parallel_tuple_cost;

reset parallel_leader_participation;

drop table state.batch_duplicate_ids;

drop table state.batch_events;

alter table state.batch_events_next rename to batch_events;

-- Statistics for the grouped passes that read the batch next.
analyze state.batch_events;
