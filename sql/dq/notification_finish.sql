-- Records the outcome of one delivery attempt of notification $1: $2 status,
-- $3 last error, $4 per-channel results.
update dq.notifications
set
    status = $2::text,
    last_error = $3::text,
    deliveries = $4::jsonb,
    sent_at = case when $2::text = 'sent' then now() end
where notification_id = $1::bigint
