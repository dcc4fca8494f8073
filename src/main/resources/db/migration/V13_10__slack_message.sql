-- Slack direct messages sent for a consultation, one per reviewer (user id), so that a
-- retried sendSlack task sends no second one, and so that every message can be updated
-- (chat.update with channel + ts) to show how the consultation ended. ended_state is set
-- in the transaction that ends the consultation; updated_at once Slack took the update;
-- next_attempt_at holds the next try (Slack's Retry-After, or a backoff).
create table slack_message (
    consultation_id uuid         not null references consultation (id) on delete cascade,
    reviewer        varchar(255) not null,
    channel         varchar(64)  not null,
    ts              varchar(64)  not null,
    sent_at         timestamp with time zone not null,
    ended_state     varchar(32),
    updated_at      timestamp with time zone,
    next_attempt_at timestamp with time zone,
    attempts        integer      not null default 0,
    primary key (consultation_id, reviewer)
);

create index slack_message_update_due on slack_message (next_attempt_at);

-- X-Slack-Signature values already accepted, kept a little longer than the 5-minute
-- window, so a replayed request is refused on every node.
create table slack_seen_signature (
    signature varchar(80) not null primary key,
    seen_at   timestamp with time zone not null
);

create index slack_seen_signature_age on slack_seen_signature (seen_at);
