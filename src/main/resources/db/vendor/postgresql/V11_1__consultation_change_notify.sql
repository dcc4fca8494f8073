-- Long polls on every node wake when a consultation changes: each change of a row (every
-- change bumps its version) sends a NOTIFY, delivered to listeners when its transaction
-- commits and never when it rolls back. Any code path that writes the row is covered.
create function consultation_changed_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('hitl_consultation_changed', new.id::text);
    return null;
end;
$$;

create trigger consultation_changed after update on consultation
    for each row when (old.version is distinct from new.version)
    execute function consultation_changed_notify();
