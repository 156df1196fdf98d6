-- dq.quality_state: one row; made again if someone emptied the table, so a
-- run starts from raw id 0 instead of failing.
insert into dq.quality_state (singleton, raw_id_done)
values (true, 0)
on conflict (singleton) do nothing
