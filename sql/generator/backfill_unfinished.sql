-- The newest backfill that never finished (a crash, a kill): one row or
-- none.
select
    b.backfill_id as "backfillId",
    b.seed,
    b.days,
    b.until
from generator.backfills as b
where b.finished_at is null
order by b.backfill_id desc
limit 1
