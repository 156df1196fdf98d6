-- dq.dq_daily's verdicts, for the days this run changed (updated_run_id):
-- a check fails when its counter is above its configured share of the
-- day's raw rows; day_pass when none fails.
with checks as (
    select
        d.dt,
        c.check_name,
        c.counter > c.max_share * d.rows_total as is_failed
    from dq.dq_daily as d
    cross join lateral (
        values
        ('rejected', d.rejected_cnt, :max_rejected_share::numeric),
        ('duplicate', d.duplicate_cnt, :max_duplicate_share::numeric),
        (
            'invalid_event_name',
            d.invalid_event_name_cnt,
            :max_invalid_event_name_share::numeric
        ),
        (
            'negative_price',
            d.negative_price_cnt,
            :max_negative_price_share::numeric
        ),
        (
            'purchase_without_price',
            d.purchase_without_price_cnt,
            :max_purchase_without_price_share::numeric
        ),
        (
            'unknown_platform',
            d.unknown_platform_cnt,
            :max_unknown_platform_share::numeric
        ),
        (
            'unknown_source',
            d.unknown_source_cnt,
            :max_unknown_source_share::numeric
        ),
        (
            'unknown_region',
            d.unknown_region_cnt,
            :max_unknown_region_share::numeric
        ),
        (
            'future_event_time',
            d.future_event_time_cnt,
            :max_future_event_time_share::numeric
        )
    ) as c (check_name, counter, max_share)
    where d.updated_run_id = :run_id::bigint
),

verdicts as (
    select
        c.dt,
        coalesce(
            jsonb_agg(c.check_name order by c.check_name)
                filter (where c.is_failed),
            '[]'::jsonb
        ) as failed_checks
    from checks as c
    group by c.dt
)

update dq.dq_daily as d
set
    failed_checks = v.failed_checks,
    day_pass = jsonb_array_length(v.failed_checks) = 0
from verdicts as v
where d.dt = v.dt;
