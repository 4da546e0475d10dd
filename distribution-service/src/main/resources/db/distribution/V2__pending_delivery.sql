-- Distribution database: the durable queue of deliveries into channel databases (the 1010 job's work).
-- One row per (channel, event): a redelivered event adds nothing; each channel drains its own rows,
-- so a channel database that is down delays only its own deliveries.
create table pending_delivery (
    id              bigserial   primary key,
    channel_id      varchar(32) not null,
    event_id        uuid        not null,
    customer_id     uuid        not null,
    payload         jsonb       not null,
    received_at     timestamptz not null default now(),
    delivered_at    timestamptz,
    attempts        int         not null default 0,
    last_error      text,
    next_attempt_at timestamptz not null default now(),
    unique (channel_id, event_id)
);

create index pending_delivery_due on pending_delivery (channel_id, id) where delivered_at is null;
