-- What the generator has written, so a backfill that runs again, or
-- resumes after a crash, writes only what is missing.
--
-- generator.day_coverage: per generated UTC day, the planned arrivals
-- already in raw.events: those in (written_from, written_through], where
-- a null written_from means from the day's first event, and a null
-- written_through means none yet (a backfill inserts the row first, so a
-- second writer of the day waits for it). A backfill and a live tick
-- extend it in the transaction that writes the rows.
create table if not exists generator.day_coverage (
    day date primary key,
    written_from timestamptz,
    written_through timestamptz,
    updated_at timestamptz not null default now()
);

-- generator.backfills: one row per backfill, finished_at set when every
-- day is written; `pipeline start` resumes one left unfinished.
create table if not exists generator.backfills (
    backfill_id bigint generated always as identity primary key,
    seed integer not null,
    days integer not null,
    until timestamptz not null,
    started_at timestamptz not null default now(),
    finished_at timestamptz
);
