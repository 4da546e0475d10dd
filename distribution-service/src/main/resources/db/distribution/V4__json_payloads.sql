-- Payloads are stored as the text the service wrote (json), not parsed into jsonb: nothing queries
-- inside them, and parsing each on insert and printing it again for the delivery workers and the
-- relay cost PostgreSQL time at 1,000 POSTs/s (README, Performance).
alter table outbox_event alter column payload type json using payload::json;
alter table pending_delivery alter column payload type json using payload::json;
