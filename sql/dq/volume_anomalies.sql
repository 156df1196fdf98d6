-- dq.volume_anomalies: one row per complete 5-minute bucket in [$1, $2),
-- judged against the same time of day on up to $5 previous days.
-- Parameters: $1 first bucket start, $2 end (exclusive), $3 sensitivity
-- (robust z), $4 minimum training days, $5 maximum training days, $6
-- absolute floor (events per bucket), $7 minimum ratio either way, $8
-- direction (drop, spike or both), $9 neighbour buckets on each side, $10
-- judged_at, $11 consecutive deviating buckets needed to flag.
insert into dq.volume_anomalies (
    bucket_start,
    observed_cnt,
    expected_cnt,
    mad,
    score,
    training_days,
    is_anomaly,
    direction,
    reason,
    judged_at,
    deviation
)

with history as (
    select min(bucket_start) as first_bucket
    from dq.volume_buckets
),

candidates as (
    select
        series.bucket_start as bucket_start
    from generate_series(
        date_bin(
            interval '5 minutes',
            $1::timestamptz,
            timestamptz '2000-01-01 00:00:00+00'
        ),
        $2::timestamptz - interval '5 minutes',
        interval '5 minutes'
    ) as series (bucket_start)
    cross join history
    where series.bucket_start >= history.first_bucket
        and not exists (
            select 1
            from dq.volume_anomalies as judged
            where judged.bucket_start = series.bucket_start
        )
),

observed as (
    select
        candidates.bucket_start as bucket_start,
        coalesce(buckets.events_cnt, 0) as observed_cnt
    from candidates
    left join dq.volume_buckets as buckets
        on buckets.bucket_start = candidates.bucket_start
),

training_slots as (
    select
        candidates.bucket_start as bucket_start,
        days.day_offset as day_offset,
        candidates.bucket_start
        - make_interval(days => days.day_offset)
        + make_interval(mins => 5 * neighbours.slot_offset) as slot_start
    from candidates
    cross join generate_series(1, $5::integer) as days (day_offset)
    cross join generate_series(
        -$9::integer, $9::integer
    ) as neighbours (slot_offset)
),

training as (
    -- A slot before the first counted bucket is unknown, not zero.
    select
        slots.bucket_start as bucket_start,
        slots.day_offset as day_offset,
        coalesce(buckets.events_cnt, 0) as events_cnt
    from training_slots as slots
    cross join history
    left join dq.volume_buckets as buckets
        on buckets.bucket_start = slots.slot_start
    where slots.slot_start >= history.first_bucket
),

medians as (
    select
        bucket_start as bucket_start,
        count(distinct day_offset) as training_days,
        percentile_cont(0.5) within group (
            order by events_cnt
        ) as expected_cnt
    from training
    group by bucket_start
),

deviations as (
    select
        training.bucket_start as bucket_start,
        percentile_cont(0.5) within group (
            order by abs(training.events_cnt - medians.expected_cnt)
        ) as mad
    from training
    inner join medians
        on medians.bucket_start = training.bucket_start
    group by training.bucket_start
),

scored as (
    -- Counts are at least as noisy as Poisson: the scale never drops below
    -- sqrt(expected), so a flat history (MAD 0) cannot make noise an alarm.
    select
        observed.bucket_start as bucket_start,
        observed.observed_cnt as observed_cnt,
        medians.expected_cnt as expected_cnt,
        deviations.mad as mad,
        coalesce(medians.training_days, 0) as training_days,
        (observed.observed_cnt - medians.expected_cnt)
        / greatest(
            1.4826 * deviations.mad,
            sqrt(greatest(medians.expected_cnt, 1))
        ) as score
    from observed
    left join medians
        on medians.bucket_start = observed.bucket_start
    left join deviations
        on deviations.bucket_start = observed.bucket_start
),

judged as (
    select
        scored.*,
        case
            when scored.observed_cnt < scored.expected_cnt then 'drop'
            when scored.observed_cnt > scored.expected_cnt then 'spike'
        end as direction,
        case
            when scored.expected_cnt is null
                or scored.training_days < $4::integer
                then 'insufficient_training'
            when greatest(scored.observed_cnt, scored.expected_cnt)
                < $6::numeric
                then 'below_floor'
            when scored.observed_cnt < $7::numeric * scored.expected_cnt
                and scored.observed_cnt * $7::numeric > scored.expected_cnt
                then 'small_change'
            when abs(scored.score) < $3::numeric
                then 'within_band'
            when $8::text = 'drop' and scored.score > 0
                then 'direction_ignored'
            when $8::text = 'spike' and scored.score < 0
                then 'direction_ignored'
            else 'anomaly'
        end as reason
    from scored
),

verdicts as (
    select
        judged.*,
        case when judged.reason = 'anomaly' then judged.direction end
        as deviation,
        true as is_candidate
    from judged
),

-- A deviation flags only once it has lasted $11 buckets: single-bucket
-- dips and bursts are common in real traffic, outages and spikes last.
earlier as (
    select
        stored.bucket_start as bucket_start,
        stored.deviation as deviation
    from dq.volume_anomalies as stored
    where stored.bucket_start < $1::timestamptz
        and stored.bucket_start >= $1::timestamptz
        - make_interval(mins => 5 * ($11::integer - 1))
),

timeline as (
    select
        bucket_start,
        deviation,
        false as is_candidate
    from earlier
    union all
    select
        bucket_start,
        deviation,
        is_candidate
    from verdicts
),

persistence as (
    select
        bucket_start as bucket_start,
        count(*) filter (where deviation = 'drop') over recent as drop_cnt,
        count(*) filter (where deviation = 'spike') over recent as spike_cnt,
        is_candidate as is_candidate
    from timeline
    window recent as (
        order by bucket_start
        range between make_interval(mins => 5 * ($11::integer - 1))
        preceding and current row
    )
),

flagged as (
    select
        verdicts.*,
        coalesce(
            (verdicts.deviation = 'drop' and persistence.drop_cnt >= $11::integer)
            or (
                verdicts.deviation = 'spike'
                and persistence.spike_cnt >= $11::integer
            ),
            false
        ) as is_flagged
    from verdicts
    inner join persistence
        on persistence.bucket_start = verdicts.bucket_start
        and persistence.is_candidate
)

select
    bucket_start as bucket_start,
    observed_cnt as observed_cnt,
    round(expected_cnt::numeric, 3) as expected_cnt,
    round(mad::numeric, 3) as mad,
    round(score::numeric, 3) as score,
    training_days as training_days,
    is_flagged as is_anomaly,
    direction as direction,
    case
        when deviation is not null and not is_flagged then 'not_persistent'
        else reason
    end as reason,
    $10::timestamptz as judged_at,
    deviation as deviation
from flagged

on conflict (bucket_start) do nothing
