-- Marks backfill $1 finished: its last day committed.
update generator.backfills
set finished_at = now()
where backfill_id = $1
