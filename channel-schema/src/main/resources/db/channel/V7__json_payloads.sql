-- Outbox payloads are stored as the text the service wrote (json), not parsed into jsonb: nothing
-- queries inside them, the relay sends them on as they are, and parsing every payload on insert and
-- printing it again for the relay cost PostgreSQL time at 1,000 POSTs/s (README, Performance).
alter table outbox_event alter column payload type json using payload::json;
