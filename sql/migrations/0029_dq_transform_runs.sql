-- dq.transform_runs: one row per transform run, skipped and failed included.
create sequence if not exists dq.transform_runs_run_id_seq;

create table if not exists dq.transform_runs (
    run_id bigint primary key
        default nextval('dq.transform_runs_run_id_seq'),
    started_at timestamptz not null,
    finished_at timestamptz,
    status text not null check (status in ('ok', 'failed', 'skipped')),
    is_full_refresh boolean not null default false,
    rows_read bigint not null default 0,
    watermark_from bigint,
    watermark_to bigint,
    duration_ms bigint,
    steps jsonb not null default '[]',
    error text
);

create index if not exists transform_runs_started_at_idx
    on dq.transform_runs (started_at);
