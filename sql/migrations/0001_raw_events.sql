-- raw.events: one row per event as received; append-only, never updated.
create schema if not exists raw;

create table if not exists raw.events (
    id bigint generated always as identity primary key,
    event_id uuid,
    event_time timestamptz,
    user_id bigint,
    session_id text,
    event_name text,
    item_id bigint,
    price numeric(12, 2),
    currency text,
    platform text,
    region text,
    source text,
    experiment_id text,
    payload jsonb,
    ingested_at timestamptz not null default now()
);

-- The 10-minute DQ window and the freshness lag read an ingested_at range.
create index if not exists events_ingested_at_idx
    on raw.events (ingested_at);

-- Dedup looks up earlier rows of the same event_id.
create index if not exists events_event_id_idx
    on raw.events (event_id, id);
