-- pulse_readonly: one server-wide role that may only read mart and dq.
-- Roles outlive databases, so it is made only when missing; it has no
-- password and no login here: `pipeline redash readonly-login` sets both
-- from the environment at provisioning time.
do $$
begin
    if not exists (
        select
            1 as found
        from pg_catalog.pg_roles
        where rolname = 'pulse_readonly'
    ) then
        create role pulse_readonly nologin;
    end if;
exception
    -- another database on the same server created it a moment ago
    when duplicate_object or unique_violation then
        null;
end
$$;

create schema if not exists mart;

create schema if not exists dq;

grant usage on schema mart, dq to pulse_readonly;

grant select on all tables in schema mart, dq to pulse_readonly;

-- Tables the migrating role creates later are readable too.
alter default privileges in schema mart, dq
    grant select on tables to pulse_readonly;
