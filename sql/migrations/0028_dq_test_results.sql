-- dq.test_results: one row per schema test per transform run (history).
create table if not exists dq.test_results (
    run_id bigint not null,
    test_name text not null,
    model text not null,
    column_name text,
    test_kind text not null,
    severity text not null,
    failures bigint not null,
    passed boolean not null,
    tested_at timestamptz not null,
    primary key (run_id, test_name)
);

create index if not exists test_results_tested_at_idx
    on dq.test_results (tested_at);
