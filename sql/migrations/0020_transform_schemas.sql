-- Schemas of the transform: stg (views), mart and dq (tables the
-- dashboards read), state (the transform's own bookkeeping).
create schema if not exists stg;

create schema if not exists mart;

create schema if not exists dq;

create schema if not exists state;
