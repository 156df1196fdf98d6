-- The migrating role may act as pulse_readonly, so the built-in dashboards
-- page on a server runs its queries as that role (set local role) without
-- a password of its own. A role that may not grant it gets a notice, and
-- the page's first query names the fix.
do $$
begin
    execute format('grant pulse_readonly to %I', current_user);
exception
    when insufficient_privilege or invalid_grant_operation then
        raise notice 'cannot grant pulse_readonly to %', current_user;
end
$$;
