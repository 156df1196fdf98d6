-- Claims up to $3 open notifications for one deliverer: pending ones,
-- failed ones with attempts left (below $1), and claims older than $2 (a
-- deliverer that died). Row locks let a concurrent claimer skip them.
update dq.notifications as notifications
set
    status = 'sending',
    attempts = notifications.attempts + 1,
    claimed_at = now()
where notifications.notification_id in (
    select
        open_rows.notification_id
    from dq.notifications as open_rows
    where open_rows.status = 'pending'
        or (open_rows.status = 'failed' and open_rows.attempts < $1::integer)
        or (
            open_rows.status = 'sending'
            and open_rows.claimed_at < $2::timestamptz
        )
    order by open_rows.notification_id
    limit $3::integer
    for update skip locked
)
returning
    notifications.notification_id,
    notifications.notification_key,
    notifications.check_name,
    notifications.transition,
    notifications.state_since,
    notifications.detail,
    notifications.created_at,
    notifications.attempts,
    notifications.deliveries
