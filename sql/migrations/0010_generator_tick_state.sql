-- generator.tick_state: one row per live stream, the end of its last tick.
create schema if not exists generator;

create table if not exists generator.tick_state (
    stream_name text primary key,
    last_tick_at timestamptz not null,
    updated_at timestamptz not null default now()
);
