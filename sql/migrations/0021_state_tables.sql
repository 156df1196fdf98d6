-- state: what the incremental transform remembers between runs. Each table
-- is rebuilt from raw by a full refresh; nothing here is read by dashboards.

-- One row: the highest raw.events.id already processed.
create table if not exists state.watermark (
    singleton boolean primary key default true check (singleton),
    last_raw_id bigint not null default 0,
    max_ingested_at timestamptz,
    updated_at timestamptz
);

-- One row per event_id that has a stg row; first_raw_id is that row's id.
-- A later resend finds its event_id here and counts as a duplicate.
create table if not exists state.seen_event_ids (
    event_id uuid primary key,
    first_raw_id bigint not null
);

-- One row per raw row of the current run, classified; replaced every run.
create table if not exists state.batch_events (
    raw_id bigint primary key,
    event_id uuid,
    raw_date date not null,
    ingested_at timestamptz not null,
    is_rejected boolean not null,
    is_duplicate boolean not null,
    is_stg boolean not null,
    event_date date,
    user_id bigint,
    session_id text,
    event_name text,
    price numeric(12, 2),
    is_accepted_event boolean not null,
    is_invalid_event_name boolean not null,
    is_negative_price boolean not null,
    is_purchase_without_price boolean not null,
    is_unknown_platform boolean not null,
    is_unknown_source boolean not null,
    is_unknown_region boolean not null,
    is_future_event_time boolean not null
);

-- Per-day sets behind the distinct counts: a member inserted for the first
-- time adds one to its day's count, so counts never re-read a day.
create table if not exists state.day_users (
    dt date not null,
    user_id bigint not null,
    primary key (dt, user_id)
);

create table if not exists state.day_sessions (
    dt date not null,
    session_id text not null,
    primary key (dt, session_id)
);

create table if not exists state.day_step_users (
    dt date not null,
    step text not null,
    user_id bigint not null,
    primary key (dt, step, user_id)
);
