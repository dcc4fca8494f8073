-- Personal answer links in reviewer emails (GET /email-actions/{token}). Only the
-- SHA-256 of a token is kept, never the token. A token answers once (used_at, set by a
-- conditional update) for one recipient (a user id), one consultation and one answer
-- (a decision or option value; null for a text answer, typed on the page). Rendering
-- the same email again (template, recipient) replaces its unused tokens.
create table email_action_token (
    token_hash      varchar(64)  not null primary key,
    consultation_id uuid         not null references consultation (id) on delete cascade,
    recipient       varchar(255) not null,
    template        varchar(64)  not null,
    answer          varchar(100),
    created_at      timestamp with time zone not null,
    used_at         timestamp with time zone,
    expires_at      timestamp with time zone not null
);

create index email_action_token_email on email_action_token (consultation_id, recipient, template);

create index email_action_token_expiry on email_action_token (expires_at);
