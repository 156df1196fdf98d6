-- Full refresh: forget every processed raw row.
truncate state.batch_events;

update state.watermark
set
    last_raw_id = 0,
    max_ingested_at = null;
