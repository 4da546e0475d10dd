-- A row Kafka refuses for good (larger than a record may be) is set aside by the relay: unsent, with why, and
-- not taken again, so the rows after it are published (before, it held every row after it for ever). Ops clear
-- refused_at (docs/ops.md) to have it published again once the limits are raised. The partial index of unsent
-- rows stays as it is: the relay filters the few rows set aside on it, and the gauges of unsent rows count them.
-- V20 so that no service's own migrations (channel V2-V19, hq V2-V16, distribution V2-V11) come after it: theirs
-- go on from V21.
alter table outbox_event add column refused_at timestamptz, add column refusal text;

-- the gauge of rows set aside (customersync_outbox_set_aside) reads them here, not through every row kept
create index outbox_event_set_aside on outbox_event (id) where refused_at is not null;
