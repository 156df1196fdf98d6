-- The buckets judged at $1 (one run), anomalies first then newest first.
select
    bucket_start,
    observed_cnt,
    expected_cnt,
    score,
    is_anomaly,
    direction,
    reason
from dq.volume_anomalies
where judged_at = $1::timestamptz
order by
    is_anomaly desc,
    bucket_start desc
