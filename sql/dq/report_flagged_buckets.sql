-- The anomalies report's flagged buckets: one row per 5-minute bucket the
-- volume model flagged, oldest first.
select
    a.bucket_start,
    a.observed_cnt,
    a.expected_cnt,
    a.score,
    a.direction
from dq.volume_anomalies as a
where a.is_anomaly
order by a.bucket_start
