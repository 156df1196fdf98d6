-- Makes the rest of a dashboard page transaction read only and run as the
-- read-only role, so on a server the page can only read mart and dq.
set transaction read only;

set local role pulse_readonly;
