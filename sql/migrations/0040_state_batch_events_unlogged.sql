-- state.batch_events holds one run's classified rows and every run
-- truncates it first, so it needs no crash safety: unlogged, a full
-- refresh writes its million rows without writing them to the WAL too.
alter table state.batch_events set unlogged;
