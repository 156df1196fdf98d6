-- Makes the coverage row of UTC day $1 if missing, so a second writer of
-- the day waits on its lock instead of reading "nothing written" too.
insert into generator.day_coverage (day)
values ($1::date)
on conflict (day) do nothing
