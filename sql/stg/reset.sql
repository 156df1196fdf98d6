-- Full refresh: forget every processed raw row (watermark and dedup state).
truncate state.batch_events, state.seen_event_ids;

update state.watermark
set
    last_raw_id = 0,
    max_ingested_at = null;
