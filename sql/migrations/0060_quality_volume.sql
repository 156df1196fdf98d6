-- dq.volume_buckets: one row per 5-minute bucket of raw ingested_at, kept
-- from each run's new rows so anomaly training never rescans raw.
create schema if not exists dq;

create table if not exists dq.volume_buckets (
    bucket_start timestamptz primary key,
    events_cnt bigint not null,
    updated_at timestamptz not null default now()
);

-- dq.volume_anomalies: one row per judged (complete) 5-minute bucket.
create table if not exists dq.volume_anomalies (
    bucket_start timestamptz primary key,
    observed_cnt bigint not null,
    expected_cnt numeric,
    mad numeric,
    score numeric,
    training_days integer not null,
    is_anomaly boolean not null,
    direction text,
    reason text not null,
    judged_at timestamptz not null
);

create index if not exists volume_anomalies_flagged_idx
    on dq.volume_anomalies (bucket_start)
    where is_anomaly;

-- dq.quality_state: one row; the last raw id whose rows the volume buckets
-- and the drill-down have counted (the quality steps' own watermark).
create table if not exists dq.quality_state (
    singleton boolean primary key default true check (singleton),
    raw_id_done bigint not null default 0,
    updated_at timestamptz not null default now()
);

insert into dq.quality_state (singleton)
values (true)
on conflict (singleton) do nothing;
