-- dq.drilldown (one row per UTC day, check, dimension and value) and
-- dq.drilldown_samples (up to $3 rows per UTC day and check) on a full
-- refresh, from the raw rows with id in ($1, $2]. The transform run in
-- the same transaction classified exactly these rows into its batch with
-- the rules drilldown.sql applies (checks judged on raw values, dimensions
-- as stg normalises them), so the batch alone is read, not raw again; the
-- reset emptied both tables, so the inserts are plain.
with flagged as (
    -- The rows with at least one offence (a few in a hundred).
    select
        b.raw_date as dt,
        b.raw_id,
        b.event_id,
        b.is_rejected,
        b.is_duplicate,
        b.is_invalid_event_name,
        b.is_negative_price,
        b.is_purchase_without_price,
        b.is_unknown_platform,
        b.is_unknown_source,
        b.is_unknown_region,
        b.is_future_event_time,
        b.platform,
        b.source,
        b.region
    from state.batch_events as b
    where
        b.raw_id > $1::bigint
        and b.raw_id <= $2::bigint
        and (
            b.is_rejected
            or b.is_duplicate
            or b.is_invalid_event_name
            or b.is_negative_price
            or b.is_purchase_without_price
            or b.is_unknown_platform
            or b.is_unknown_source
            or b.is_unknown_region
            or b.is_future_event_time
        )
),

offences as (
    select
        f.dt,
        checks.check_name,
        f.raw_id,
        f.event_id,
        f.platform,
        f.source,
        f.region
    from flagged as f
    cross join lateral (
        values
        ('rejected', f.is_rejected),
        ('duplicate', f.is_duplicate),
        ('invalid_event_name', f.is_invalid_event_name),
        ('negative_price', f.is_negative_price),
        ('purchase_without_price', f.is_purchase_without_price),
        ('unknown_platform', f.is_unknown_platform),
        ('unknown_source', f.is_unknown_source),
        ('unknown_region', f.is_unknown_region),
        ('future_event_time', f.is_future_event_time)
    ) as checks (check_name, is_offending)
    where
        checks.is_offending
        and (
            checks.check_name in ('rejected', 'duplicate')
            or not (f.is_rejected or f.is_duplicate)
        )
),

by_value as (
    select
        o.dt,
        o.check_name,
        dims.dimension,
        dims.dimension_value,
        count(*) as rows_cnt
    from offences as o
    cross join lateral (
        values
        ('platform', o.platform),
        ('source', o.source),
        ('region', o.region)
    ) as dims (dimension, dimension_value)
    group by
        o.dt,
        o.check_name,
        dims.dimension,
        dims.dimension_value
),

counted as (
    -- A data-modifying CTE runs to completion whether or not it is read.
    insert into dq.drilldown (
        dt,
        check_name,
        dimension,
        dimension_value,
        rows_cnt,
        updated_at
    )
    select
        v.dt,
        v.check_name,
        v.dimension,
        v.dimension_value,
        v.rows_cnt,
        now() as updated_at
    from by_value as v
),

ranked as (
    select
        o.*,
        row_number() over (
            partition by o.dt, o.check_name
            order by o.raw_id
        ) as sample_rank
    from offences as o
)

insert into dq.drilldown_samples (
    dt,
    check_name,
    raw_id,
    event_id,
    platform,
    source,
    region
)
select
    r.dt,
    r.check_name,
    r.raw_id,
    r.event_id,
    r.platform,
    r.source,
    r.region
from ranked as r
where r.sample_rank <= $3::integer
