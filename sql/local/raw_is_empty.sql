-- One row: whether raw.events holds no row yet (start backfills then).
select not exists (select 1 from raw.events) as is_empty
