-- dq.alert_state: one row per monitored check, its current state.
create schema if not exists dq;

create table if not exists dq.alert_state (
    check_name text primary key,
    state text not null check (state in ('ok', 'failing')),
    since timestamptz not null,
    last_notified_at timestamptz,
    detail text,
    updated_at timestamptz not null
);

-- dq.notifications: one row per notification ever decided; the key makes a
-- transition (or a re-arm slot) notify at most once.
create table if not exists dq.notifications (
    notification_id bigint generated always as identity primary key,
    notification_key text not null unique,
    check_name text not null,
    transition text not null
        check (transition in ('failing', 'recovered', 'rearm')),
    state_since timestamptz not null,
    detail text,
    created_at timestamptz not null,
    status text not null default 'pending'
        check (status in ('pending', 'sending', 'sent', 'failed', 'no_channel')),
    attempts integer not null default 0,
    last_error text,
    deliveries jsonb not null default '{}'::jsonb,
    claimed_at timestamptz,
    sent_at timestamptz
);

create index if not exists notifications_open_idx
    on dq.notifications (notification_id)
    where status in ('pending', 'sending', 'failed');
