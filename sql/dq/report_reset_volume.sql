-- Empties the volume buckets and their verdicts before the anomalies
-- report loads a generated fortnight (a scratch database only).
truncate dq.volume_buckets, dq.volume_anomalies;
