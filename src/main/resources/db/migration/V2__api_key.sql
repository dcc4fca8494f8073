-- Agent credentials. The raw key is shown once and only its SHA-256 is kept; the webhook
-- secret must stay usable for signing, so it is kept encrypted (AES-GCM), never in clear.
create table api_key (
    id                 uuid primary key,
    name               varchar(200) not null,
    owner              varchar(200) not null,
    key_hash           varchar(64)  not null unique,
    key_prefix         varchar(16)  not null,
    webhook_secret_enc varchar(512) not null,
    created_by         varchar(255) not null,
    created_at         timestamp with time zone not null,
    last_used_at       timestamp with time zone,
    revoked_at         timestamp with time zone
);

create index api_key_owner on api_key (owner);
