-- The statement that gives role $1 login with password $2, quoted by the
-- server: ALTER ROLE takes no bound parameters.
select format('alter role %I login password %L', $1::text, $2::text)
    as statement
