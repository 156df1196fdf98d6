-- Extends UTC day $1's coverage by the arrivals just written, ($2, $3]; a
-- null $2 covers the day from its start.
insert into generator.day_coverage as c (
    day,
    written_from,
    written_through
)
values ($1::date, $2, $3)
on conflict (day) do update
set
    written_from = case
        when c.written_through is null then excluded.written_from
        when c.written_from is null or excluded.written_from is null
            then null
        else least(c.written_from, excluded.written_from)
    end,
    written_through = greatest(c.written_through, excluded.written_through),
    updated_at = now()
