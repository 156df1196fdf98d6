-- Records a backfill of seed $1 over $2 days up to $3 until it finishes:
-- one new row, its id returned.
insert into generator.backfills (
    seed,
    days,
    until
)
values ($1, $2, $3)
returning backfill_id
