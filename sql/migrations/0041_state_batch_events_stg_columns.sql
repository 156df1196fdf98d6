-- The rest of stg's tested columns on the batch, so the schema tests of
-- stg.stg_events read the run's stg rows from the batch instead of probing
-- the view's dedup once per row again.
alter table state.batch_events
add column if not exists event_time timestamptz;

alter table state.batch_events
add column if not exists platform text;

alter table state.batch_events
add column if not exists source text;

alter table state.batch_events
add column if not exists region text;
