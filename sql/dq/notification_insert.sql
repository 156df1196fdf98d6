-- dq.notifications: one row per notification key; a key already present (a
-- rerun deciding the same transition) inserts nothing. $1 key, $2 check,
-- $3 transition, $4 state since, $5 detail, $6 created at.
insert into dq.notifications (
    notification_key,
    check_name,
    transition,
    state_since,
    detail,
    created_at
)
values (
    $1::text,
    $2::text,
    $3::text,
    $4::timestamptz,
    $5::text,
    $6::timestamptz
)
on conflict (notification_key) do nothing
returning notification_id
