-- Review policies (ARCHITECTURE section 4): what the consultation was created with, when it
-- escalated, and the approvals recorded while its review still needs more.
alter table consultation add column on_timeout_json varchar(2000);
alter table consultation add column reminders_json varchar(400);
alter table consultation add column approvals_required integer not null default 1;
alter table consultation add column escalated_at timestamp with time zone;
alter table consultation add column approvals_json text;
