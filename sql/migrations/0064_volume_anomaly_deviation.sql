-- dq.volume_anomalies gains the single-bucket verdict (drop, spike or null)
-- so a later run can require a deviation to persist over several buckets.
alter table dq.volume_anomalies
    add column if not exists deviation text;
