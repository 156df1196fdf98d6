-- dq.volume_buckets: one row per 5-minute bucket of ingested_at, grown by
-- the raw rows with id in ($1, $2] (an index range on the primary key).
insert into dq.volume_buckets (
    bucket_start,
    events_cnt,
    updated_at
)

with new_rows as (
    select
        date_bin(
            interval '5 minutes',
            ingested_at,
            timestamptz '2000-01-01 00:00:00+00'
        ) as bucket_start
    from raw.events
    where id > $1::bigint
        and id <= $2::bigint
)

select
    bucket_start as bucket_start,
    count(*) as events_cnt,
    now() as updated_at
from new_rows
group by bucket_start

on conflict (bucket_start) do update
set
    events_cnt = dq.volume_buckets.events_cnt + excluded.events_cnt,
    updated_at = excluded.updated_at
