-- A full refresh recounts the volume buckets and the drill-down from raw;
-- the judged anomalies stay as the history of what was flagged.
truncate dq.volume_buckets, dq.drilldown, dq.drilldown_samples;

update dq.quality_state
set
    raw_id_done = 0,
    updated_at = now()
where singleton;
