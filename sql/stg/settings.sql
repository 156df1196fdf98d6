-- Settings for the run's transaction only. A full refresh groups and sorts
-- every raw row; the default 4 MB of work memory would spill to disk. JIT
-- compiling costs a second on big plans and saves nothing on these.
set local work_mem = '64MB';

set local jit = off;
