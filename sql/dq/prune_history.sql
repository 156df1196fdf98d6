-- History tables keep what is newer than the retention cutoff.
delete from dq.status_snapshots
where check_ts < :retention_cutoff::timestamptz;

delete from dq.test_results
where tested_at < :retention_cutoff::timestamptz;

delete from dq.transform_runs
where started_at < :retention_cutoff::timestamptz;
