-- state.watermark on a full refresh: one row; moved to the run's upper raw
-- id, with the newest ingested_at of the batch. The batch holds every raw
-- row up to it, and a plain maximum over millions of rows runs in
-- parallel workers in a create table as, not in an update, which
-- PostgreSQL 15 runs in one process.
create unlogged table state.batch_max_ingested as
select max(b.ingested_at) as max_ingested_at
from state.batch_events as b;

update state.watermark as w
set
    last_raw_id = :watermark_to::bigint,
    max_ingested_at = greatest(
        w.max_ingested_at,
        (select m.max_ingested_at from state.batch_max_ingested as m)
    ),
    updated_at = :check_ts::timestamptz
where w.singleton;

drop table state.batch_max_ingested;
