-- The run's upper raw id: at most max_rows rows past the watermark, read
-- from the primary key (a null max_rows means no limit).
with next_rows as (
    select r.id
    from raw.events as r
    where r.id > :watermark_from::bigint
    order by r.id
    limit :max_rows::bigint
)

select
    coalesce(max(n.id), :watermark_from::bigint) as watermark_to,
    count(*) as rows_read
from next_rows as n;
