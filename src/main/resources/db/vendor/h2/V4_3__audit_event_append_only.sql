-- H2 (the embedded single-node default) has no SQL triggers; the application only ever
-- inserts into audit_event. PostgreSQL enforces append-only with a trigger (same version).
select 1;
