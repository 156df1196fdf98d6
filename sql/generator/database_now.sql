-- The database's clock, one row: backfills and ticks cut time by it.
select now() as now
