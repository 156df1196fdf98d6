-- A run id taken up front: it stays used even when the run rolls back.
select nextval('dq.transform_runs_run_id_seq') as run_id;
