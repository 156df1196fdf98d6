-- dq.status_snapshots gains the pipeline's own latency per run: the newest
-- raw ingested_at minus that of the newest raw row the marts reflect.
alter table dq.status_snapshots
    add column if not exists pipeline_latency_seconds numeric(14, 3);
