-- Housekeeping (hq-service's RetentionJob) deletes remembered event ids oldest first.
create index processed_event_age on processed_event (processed_at);
