-- Dedup state is raw's own (event_id, id) index, probed through
-- stg.stg_events: a separate set of seen event ids duplicated it, and a
-- full refresh paid for writing it again. The batch table needs no key:
-- each step reads it whole.
drop table if exists state.seen_event_ids;

alter table state.batch_events
drop constraint if exists batch_events_pkey;
