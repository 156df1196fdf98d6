-- dq.alert_state: one row per check; $1 check, $2 state, $3 since, $4 last
-- notified at, $5 detail, $6 updated at.
insert into dq.alert_state (
    check_name,
    state,
    since,
    last_notified_at,
    detail,
    updated_at
)
values (
    $1::text,
    $2::text,
    $3::timestamptz,
    $4::timestamptz,
    $5::text,
    $6::timestamptz
)
on conflict (check_name) do update
set
    state = excluded.state,
    since = excluded.since,
    last_notified_at = excluded.last_notified_at,
    detail = excluded.detail,
    updated_at = excluded.updated_at
