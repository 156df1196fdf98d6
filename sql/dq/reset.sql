-- Full refresh: empty the per-day DQ counters (history tables are kept).
truncate dq.dq_daily;
