-- Which reviewer emails went out: one row per consultation, template and recipient, so
-- a retried or re-fetched email task sends each recipient each email once, whichever
-- node works it. A worker claims a recipient (claimed_by, until claimed_until, on the
-- database's clock) before it talks to the SMTP server and records the outcome once the
-- server has answered: sent (accepted), or refused (the address refused for good).
-- Recipients are kept as a SHA-256 of the address, never the address itself.
create table email_delivery (
    consultation_id uuid         not null references consultation (id) on delete cascade,
    template        varchar(64)  not null,
    recipient_hash  varchar(64)  not null,
    claimed_by      uuid,
    claimed_until   timestamp with time zone,
    outcome         varchar(10),
    done_at         timestamp with time zone,
    primary key (consultation_id, template, recipient_hash)
);
