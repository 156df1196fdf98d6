-- Settings for a full refresh's transaction only: its grouped passes hash
-- the batch's rows and fit in memory at millions of rows with this much,
-- and the per-day sets' keys are built in one sort each; JIT compiling
-- costs a second and saves nothing.
set local work_mem = '256MB';

set local maintenance_work_mem = '256MB';

set local jit = off;
