-- Bucket4j's token buckets on PostgreSQL, so a limit holds across all nodes. Rows expire
-- (expires_at, epoch millis) once a bucket would be full again and are purged.
create table rate_limit_bucket (
    id         varchar(255) primary key,
    state      bytea,
    expires_at bigint
);

create index rate_limit_bucket_expires on rate_limit_bucket (expires_at);
