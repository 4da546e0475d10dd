-- The transactional outbox: the business row and its event commit in one transaction;
-- the relay publishes unsent rows to Kafka and marks them sent. Shared by every producing
-- service (channel-service's P-job, hq-service); each has its own table in its own database.
create table outbox_event (
    id          bigserial    primary key,
    event_id    uuid         not null unique,
    event_type  varchar(128) not null,
    topic       varchar(255) not null,
    message_key varchar(255) not null,
    source      varchar(255) not null,
    occurred_at timestamptz  not null,
    payload     jsonb        not null,
    sent_at     timestamptz
);

-- the relay selects unsent rows (never "id greater than the last one sent": ids commit out of order)
create index outbox_event_unsent on outbox_event (id) where sent_at is null;
