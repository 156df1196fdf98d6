-- dq.quality_state: one row; moved to the raw id $1 the quality steps have
-- now counted, at $2.
update dq.quality_state
set
    raw_id_done = $1::bigint,
    updated_at = $2::timestamptz
where singleton
