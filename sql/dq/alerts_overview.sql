-- One row per monitored check: its alert state and its newest notification.
with newest as (
    select distinct on (n.check_name)
        n.check_name,
        n.transition,
        n.status,
        n.created_at,
        n.last_error
    from dq.notifications as n
    order by
        n.check_name,
        n.notification_id desc
)

select
    s.check_name as check_name,
    s.state as state,
    s.since as since,
    s.detail as detail,
    newest.transition as last_transition,
    newest.status as last_delivery,
    newest.created_at as last_notified_at,
    newest.last_error as last_error
from dq.alert_state as s
left join newest
    on newest.check_name = s.check_name
order by
    s.state = 'failing' desc,
    s.check_name
