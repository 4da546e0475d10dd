-- Housekeeping (channel-service's RetentionJob) deletes remembered Idempotency-Key answers oldest first.
create index idempotency_key_age on idempotency_key (created_at);
