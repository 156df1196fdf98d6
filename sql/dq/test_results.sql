-- dq.test_results: one row per schema test per run, from the failure
-- counts the compiled tests returned (passed as one jsonb value: the Data
-- API takes no array parameters).
insert into dq.test_results (
    run_id,
    test_name,
    model,
    column_name,
    test_kind,
    severity,
    failures,
    passed,
    tested_at
)
select
    :run_id::bigint as run_id,
    r.test_name,
    r.model,
    r.column_name,
    r.test_kind,
    r.severity,
    r.failures,
    r.failures = 0 as passed,
    :check_ts::timestamptz as tested_at
from jsonb_to_recordset(:results::jsonb) as r (
    test_name text,
    model text,
    column_name text,
    test_kind text,
    severity text,
    failures bigint
);
