-- state.watermark: one row; the last raw id processed, locked for the run.
insert into state.watermark (singleton, last_raw_id)
values (true, 0)
on conflict (singleton) do nothing;

select
    w.last_raw_id,
    w.max_ingested_at
from state.watermark as w
for update;
