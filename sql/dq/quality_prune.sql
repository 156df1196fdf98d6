-- Prunes the quality history older than $1 (the retention cutoff): judged
-- buckets, counted buckets and settled notifications. Alert state and the
-- per-day drill-down (bounded per day, like dq.dq_daily) are kept.
with pruned_anomalies as (
    delete from dq.volume_anomalies
    where bucket_start < $1::timestamptz
),

pruned_buckets as (
    delete from dq.volume_buckets
    where bucket_start < $1::timestamptz
)

delete from dq.notifications
where created_at < $1::timestamptz
    and status in ('sent', 'no_channel', 'failed')
