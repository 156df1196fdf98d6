-- Moves the stream's last tick ($1: stream name) forward to $2, never back.
insert into generator.tick_state as t (
    stream_name,
    last_tick_at
)
values ($1, $2)
on conflict (stream_name) do update
set
    last_tick_at = greatest(t.last_tick_at, excluded.last_tick_at),
    updated_at = now()
