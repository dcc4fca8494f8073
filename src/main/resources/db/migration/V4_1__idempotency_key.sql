-- Idempotency-Key records of consultation creation (IETF Idempotency-Key draft). The first
-- request claims its key in a short transaction of its own; the consultation and the
-- stored response then commit together, so a replay always answers with a consultation
-- that exists. Keys are scoped to the API key's owner and purged after expires_at.
create table idempotency_key (
    owner           varchar(200) not null,
    idempotency_key varchar(255) not null,
    fingerprint     varchar(64)  not null,
    state           varchar(12)  not null,
    lock_token      uuid,
    locked_until    timestamp with time zone,
    response_status integer,
    response_body   text,
    consultation_id uuid,
    created_at      timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    primary key (owner, idempotency_key)
);

create index idempotency_key_expires on idempotency_key (expires_at);
