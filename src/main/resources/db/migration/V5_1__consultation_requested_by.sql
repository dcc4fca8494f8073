-- The person an agent acts for (ARCHITECTURE section 4, requested_by): never a reviewer of
-- the consultation, on any channel.
alter table consultation add column requested_by varchar(64);
