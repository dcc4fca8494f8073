-- H2 (one JVM opens it) has no NOTIFY: long polls wake on a signal in that JVM
-- (ConsultationSignals). PostgreSQL notifies with a trigger (same version).
select 1;
