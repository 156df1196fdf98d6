-- dq.transform_runs: one row per run, written when it ends.
insert into dq.transform_runs (
    run_id,
    started_at,
    finished_at,
    status,
    is_full_refresh,
    rows_read,
    watermark_from,
    watermark_to,
    duration_ms,
    steps,
    error
)
values (
    coalesce(
        :run_id::bigint,
        nextval('dq.transform_runs_run_id_seq')
    ),
    :started_at::timestamptz,
    :finished_at::timestamptz,
    :status::text,
    :is_full_refresh::boolean,
    :rows_read::bigint,
    :watermark_from::bigint,
    :watermark_to::bigint,
    :duration_ms::bigint,
    :steps::jsonb,
    :error::text
)
returning run_id;
