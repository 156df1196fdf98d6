-- The live stream's last tick ($1: stream name), one row or none, locked
-- until the transaction ends.
select t.last_tick_at
from generator.tick_state as t
where t.stream_name = $1
for update
