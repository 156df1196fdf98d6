-- Settings for a full refresh's schema tests, restored by
-- full_refresh_settings_reset.sql. A unique test groups every row of its
-- model: sorted in parallel workers and merged, not hashed in one process,
-- which spills at millions of distinct values. Passing each sorted row to
-- the leader costs little next to sorting it there.
set local enable_hashagg = off;

set local parallel_tuple_cost = 0.001;
