-- The end of a full refresh, after every step that reads the batch: the
-- batch was built by create table as, without the not-null constraints of
-- migrations 0021, 0040 and 0041. It is emptied (every run truncates it
-- before use anyway) and they are set on the empty table, which needs no
-- scan, so the table is again as the migrations define it.
truncate state.batch_events;

alter table state.batch_events
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
