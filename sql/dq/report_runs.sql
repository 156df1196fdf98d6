-- The newest transform runs, one row per run, newest first.
select
    r.run_id,
    r.started_at,
    r.finished_at,
    r.status,
    r.is_full_refresh,
    r.rows_read,
    r.watermark_from,
    r.watermark_to,
    r.duration_ms,
    r.error
from dq.transform_runs as r
order by r.run_id desc
limit :limit::bigint;
