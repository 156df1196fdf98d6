-- state.watermark: one row; moved to the run's upper raw id.
update state.watermark as w
set
    last_raw_id = :watermark_to::bigint,
    max_ingested_at = greatest(
        w.max_ingested_at,
        (select max(b.ingested_at) from state.batch_events as b)
    ),
    updated_at = :check_ts::timestamptz
where w.singleton;
