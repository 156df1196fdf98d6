-- One row: how far behind the feed ($1 check_ts minus the newest
-- ingested_at) and the pipeline itself (the newest ingested_at minus that of
-- the newest raw row the marts reflect, id $2) are, in seconds.
with newest as (
    select
        max(ingested_at) as ingested_at
    from raw.events
),

reflected as (
    select
        ingested_at
    from raw.events
    where id = $2::bigint
)

select
    extract(
        epoch from $1::timestamptz - newest.ingested_at
    )::double precision as freshness_lag_seconds,
    greatest(
        extract(
            epoch from newest.ingested_at - reflected.ingested_at
        )::double precision,
        0
    ) as pipeline_latency_seconds,
    newest.ingested_at as newest_ingested_at,
    reflected.ingested_at as reflected_ingested_at
from newest
left join reflected
    on true
