-- Transactions uploaded by the channels that reference customers: customer orders (for
-- "Synchronize orders") and cash-and-carry sales (for end-of-day statement posting).
create table channel_transaction (
    transaction_id uuid          primary key,
    channel_id     varchar(32)   not null,
    type           varchar(16)   not null check (type in ('CASH_AND_CARRY', 'CUSTOMER_ORDER')),
    customer_id    uuid          not null,
    address_id     uuid,
    currency       char(3)       not null,
    total          numeric(19,4) not null,
    payload        jsonb         not null,
    recorded_at    timestamptz   not null,
    received_at    timestamptz   not null default now()
);

create index channel_transaction_channel on channel_transaction (channel_id, type, recorded_at);
