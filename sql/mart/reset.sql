-- Full refresh: empty the marts and the per-day sets behind them.
truncate
    mart.daily_metrics,
    mart.funnel_daily,
    state.day_users,
    state.day_sessions,
    state.batch_day_users;
