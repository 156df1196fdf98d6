-- dq.drilldown (one row per UTC day, check, dimension and value) and
-- dq.drilldown_samples (up to $3 rows per UTC day and check), grown from the
-- raw rows with id in ($1, $2]. Checks are judged on raw values as the
-- spec's dq_daily counters are; dimensions are shown as stg normalises them.
with new_rows as (
    -- The transform run in the same transaction classified its batch;
    -- reusing its duplicate flag spares an index probe per row (a full
    -- refresh's batch is every raw row).
    select
        events.id,
        events.event_id,
        events.event_time,
        events.user_id,
        events.event_name,
        events.price,
        events.platform,
        events.region,
        events.source,
        events.ingested_at,
        batch.is_duplicate as batch_is_duplicate,
        batch.is_rejected
        or batch.is_duplicate
        or batch.is_invalid_event_name
        or batch.is_negative_price
        or batch.is_purchase_without_price
        or batch.is_unknown_platform
        or batch.is_unknown_source
        or batch.is_unknown_region
        or batch.is_future_event_time as batch_is_flagged
    from raw.events
    left join state.batch_events as batch
        on events.id = batch.raw_id
    where events.id > $1::bigint
        and events.id <= $2::bigint
),

normalised as (
    select
        new_rows.id as raw_id,
        new_rows.event_id as event_id,
        (
            coalesce(new_rows.event_time, new_rows.ingested_at)
            at time zone 'utc'
        )::date as dt,
        new_rows.event_id is null
        or new_rows.event_time is null
        or new_rows.user_id is null
        or new_rows.event_name is null as is_rejected,
        lower(trim(new_rows.event_name)) as event_name,
        new_rows.price as raw_price,
        new_rows.event_time > new_rows.ingested_at + interval '5 minutes'
        as is_future,
        new_rows.batch_is_duplicate as batch_is_duplicate,
        new_rows.batch_is_flagged as batch_is_flagged,
        coalesce(
            nullif(lower(trim(new_rows.platform)), ''), 'unknown'
        ) as platform,
        coalesce(
            nullif(lower(trim(new_rows.source)), ''), 'unknown'
        ) as source,
        coalesce(
            nullif(lower(trim(new_rows.region)), ''), 'unknown'
        ) as region
    from new_rows
),

classified as (
    -- A row repeats an event when an earlier accepted row has its event_id
    -- (an index lookup on raw.events (event_id, id), made only for rows
    -- outside the transform's batch).
    select
        normalised.*,
        coalesce(
            normalised.batch_is_duplicate,
            not normalised.is_rejected
            and exists (
                select 1
                from raw.events as earlier
                where earlier.event_id = normalised.event_id
                    and earlier.id < normalised.raw_id
                    and earlier.event_time is not null
                    and earlier.user_id is not null
                    and earlier.event_name is not null
            )
        ) as is_duplicate
    from normalised
),

flagged as (
    -- The rows with at least one offence (a few in a hundred): the
    -- per-check rows below are made for these only, not for every row.
    -- The batch's flags (the same rules) decide for its rows.
    select classified.*
    from classified
    where coalesce(
        classified.batch_is_flagged,
        classified.is_rejected
        or classified.is_duplicate
        or classified.event_name not in (
            'view', 'click', 'add_to_cart', 'purchase', 'signup'
        )
        or classified.raw_price < 0
        or (
            classified.event_name = 'purchase'
            and classified.raw_price is null
        )
        or classified.platform not in ('web', 'ios', 'android')
        or classified.source not in ('organic', 'ads', 'referral')
        or classified.region = 'unknown'
        or classified.is_future
    )
),

offences as (
    select
        classified.dt as dt,
        checks.check_name as check_name,
        classified.raw_id as raw_id,
        classified.event_id as event_id,
        classified.platform as platform,
        classified.source as source,
        classified.region as region
    from flagged as classified
    cross join lateral (
        values
        ('rejected', classified.is_rejected),
        ('duplicate', classified.is_duplicate),
        (
            'invalid_event_name',
            classified.event_name not in (
                'view', 'click', 'add_to_cart', 'purchase', 'signup'
            )
        ),
        ('negative_price', classified.raw_price < 0),
        (
            'purchase_without_price',
            classified.event_name = 'purchase'
            and classified.raw_price is null
        ),
        (
            'unknown_platform',
            classified.platform not in ('web', 'ios', 'android')
        ),
        (
            'unknown_source',
            classified.source not in ('organic', 'ads', 'referral')
        ),
        ('unknown_region', classified.region = 'unknown'),
        ('future_event_time', classified.is_future)
    ) as checks (check_name, is_offending)
    where checks.is_offending
        and (
            checks.check_name in ('rejected', 'duplicate')
            or not (classified.is_rejected or classified.is_duplicate)
        )
),

by_value as (
    select
        offences.dt as dt,
        offences.check_name as check_name,
        dims.dimension as dimension,
        dims.dimension_value as dimension_value,
        count(*) as rows_cnt
    from offences
    cross join lateral (
        values
        ('platform', offences.platform),
        ('source', offences.source),
        ('region', offences.region)
    ) as dims (dimension, dimension_value)
    group by
        offences.dt,
        offences.check_name,
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
        dt,
        check_name,
        dimension,
        dimension_value,
        rows_cnt,
        now()
    from by_value
    on conflict (dt, check_name, dimension, dimension_value) do update
    set
        rows_cnt = dq.drilldown.rows_cnt + excluded.rows_cnt,
        updated_at = excluded.updated_at
),

ranked as (
    select
        offences.*,
        row_number() over (
            partition by offences.dt, offences.check_name
            order by offences.raw_id
        ) as sample_rank
    from offences
),

already_sampled as (
    select
        samples.dt as dt,
        samples.check_name as check_name,
        count(*) as sampled_cnt
    from dq.drilldown_samples as samples
    where exists (
        select 1
        from by_value
        where by_value.dt = samples.dt
            and by_value.check_name = samples.check_name
    )
    group by
        samples.dt,
        samples.check_name
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
    ranked.dt,
    ranked.check_name,
    ranked.raw_id,
    ranked.event_id,
    ranked.platform,
    ranked.source,
    ranked.region
from ranked
left join already_sampled
    on already_sampled.dt = ranked.dt
    and already_sampled.check_name = ranked.check_name
where coalesce(already_sampled.sampled_cnt, 0) + ranked.sample_rank
    <= $3::integer
on conflict (dt, check_name, raw_id) do nothing
