-- state.seen_event_ids: one row per event_id with a stg row; this run's
-- stg rows are added so a later resend is counted as a duplicate.
insert into state.seen_event_ids (
    event_id,
    first_raw_id
)
select
    b.event_id,
    b.raw_id as first_raw_id
from state.batch_events as b
where b.is_stg
-- Key order keeps a large (full refresh) insert local in the index.
order by b.event_id
on conflict (event_id) do nothing;
