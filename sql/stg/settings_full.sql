-- Settings for a full refresh's transaction only: its grouped passes hash
-- every raw row (event ids, then raw ids) and fit in memory at a million
-- rows with this much; JIT compiling costs a second and saves nothing.
set local work_mem = '256MB';

set local jit = off;
