-- The newest DQ status snapshot, with its failing schema tests.
select
    s.*,
    (
        select coalesce(jsonb_agg(t.test_name order by t.test_name), '[]')
        from dq.test_results as t
        where t.run_id = s.run_id and not t.passed
    ) as failed_tests
from dq.status_snapshots as s
order by s.run_id desc
limit 1;
