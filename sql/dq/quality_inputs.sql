-- One row: what a quality run starts from. $1 is the highest raw id the
-- run's marts reflect. Every read is a primary-key or index lookup.
select
    state.raw_id_done as raw_id_done,
    (
        select counted.ingested_at
        from raw.events as counted
        where counted.id = $1::bigint
    ) as counted_up_to,
    exists (
        select 1
        from raw.events as beyond
        where beyond.id > $1::bigint
    ) as has_backlog,
    (
        select max(judged.bucket_start)
        from dq.volume_anomalies as judged
    ) as last_judged
from dq.quality_state as state
where state.singleton
