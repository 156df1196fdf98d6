-- The steps after a full refresh's schema tests plan with the run's
-- settings again.
reset enable_hashagg;

reset parallel_tuple_cost;
