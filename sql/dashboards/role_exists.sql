-- One row if role $1 exists on the server, none otherwise.
select 1 as found
from pg_catalog.pg_roles as r
where r.rolname = $1
