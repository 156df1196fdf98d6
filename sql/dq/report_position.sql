-- One row: how far the transform has read raw, and what is left.
with mark as (
    select
        coalesce(max(w.last_raw_id), 0) as last_raw_id,
        max(w.max_ingested_at) as max_ingested_at,
        max(w.updated_at) as updated_at
    from state.watermark as w
)

select
    m.last_raw_id,
    m.max_ingested_at,
    m.updated_at,
    (select max(r.id) from raw.events as r) as max_raw_id,
    (select max(r.ingested_at) from raw.events as r) as max_raw_ingested_at,
    (
        select count(*)
        from raw.events as r
        where r.id > m.last_raw_id
    ) as backlog_rows,
    extract(
        epoch from :now::timestamptz - m.max_ingested_at
    )::numeric(14, 3) as freshness_lag_seconds
from mark as m;
