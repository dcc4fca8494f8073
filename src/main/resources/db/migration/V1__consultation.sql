-- The consultation read model: what agents poll and reviewers browse. The engine's tables
-- hold the process; this table holds the business view of it, updated in the same
-- transaction as every engine step that changes it.
create table consultation (
    id                  uuid primary key,
    owner               varchar(200)  not null,
    api_key_id          uuid,
    state               varchar(20)   not null,
    title               varchar(200)  not null,
    description         text,
    response_type       varchar(20)   not null,
    options_json        text,
    context_json        text,
    priority            varchar(10)   not null,
    external_ref        varchar(200),
    process_key         varchar(255)  not null,
    process_instance_id varchar(64),
    assignee            varchar(255),
    timeout             varchar(40)   not null,
    reviewers_json      text          not null,
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    response_json       text,
    callback_url        varchar(2048),
    callback_status     varchar(20)   not null,
    callback_attempts   integer       not null default 0,
    callback_last_error varchar(1000),
    version             bigint        not null default 0
);

create index consultation_owner_created on consultation (owner, created_at desc);
create index consultation_owner_updated on consultation (owner, updated_at);
create index consultation_owner_state on consultation (owner, state, created_at desc);
create index consultation_owner_ref on consultation (owner, external_ref);
create index consultation_process_instance on consultation (process_instance_id);

-- Who may act on a consultation: one row per reviewer group or user, so "what may I act
-- on" is an indexed lookup rather than a scan of JSON.
create table consultation_reviewer (
    consultation_id uuid         not null references consultation (id) on delete cascade,
    kind            varchar(5)   not null,
    name            varchar(255) not null,
    primary key (consultation_id, kind, name)
);

create index consultation_reviewer_name on consultation_reviewer (kind, name, consultation_id);
