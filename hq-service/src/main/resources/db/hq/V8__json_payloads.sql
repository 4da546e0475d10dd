-- Payloads are stored as the text the service wrote (json), not parsed into jsonb: nothing queries
-- inside them, and parsing each on insert and printing it again when read back (the relay, the
-- customer-sync job) cost PostgreSQL time at 1,000 POSTs/s (README, Performance).
alter table outbox_event alter column payload type json using payload::json;
alter table async_customer_staging alter column payload type json using payload::json;
