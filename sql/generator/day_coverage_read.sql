-- The planned arrivals of UTC day $1 already in raw, (from, through], one
-- row, locked until the transaction ends.
select
    c.written_from as "from",
    c.written_through as through
from generator.day_coverage as c
where c.day = $1::date
for update
