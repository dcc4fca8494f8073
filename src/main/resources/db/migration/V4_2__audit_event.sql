-- The audit trail: append-only, written in the transaction of the change it records.
-- details_json is a small object and never holds secrets.
create table audit_event (
    id              bigint generated always as identity primary key,
    occurred_at     timestamp with time zone not null,
    actor           varchar(255) not null,
    actor_type      varchar(16)  not null,
    action          varchar(64)  not null,
    target_type     varchar(32)  not null,
    target_id       varchar(255),
    consultation_id uuid,
    channel         varchar(32),
    client_address  varchar(64),
    details_json    text         not null
);

create index audit_event_time on audit_event (occurred_at desc, id desc);
create index audit_event_consultation on audit_event (consultation_id, occurred_at desc);
create index audit_event_actor on audit_event (actor, occurred_at desc);
create index audit_event_action on audit_event (action, occurred_at desc);
