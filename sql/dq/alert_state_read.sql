-- dq.alert_state as it stands: one row per check.
select
    check_name,
    state,
    since,
    last_notified_at
from dq.alert_state
