-- Channel database: the customers a channel (store, online store) knows, async ones included.
-- Owned by channel-service. distribution-service writes only the sync columns below
-- (status, account_number, synced_at, updated_at of customer; hq_address_id of customer_address):
-- see channel-schema/README.md for that contract.

-- channel-local part of asyncCustomerNumber (the channel id is the prefix); gaps are harmless
create sequence async_customer_number_seq;

create table customer (
    id                    uuid         primary key,
    channel_id            varchar(32)  not null,
    async_customer_number varchar(64)  not null unique,
    first_name            varchar(100) not null,
    last_name             varchar(100) not null,
    email                 varchar(254),
    phone                 varchar(32),
    attributes            jsonb        not null default '{}',
    status                varchar(16)  not null check (status in ('ASYNC', 'SYNCED')),
    account_number        varchar(32),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null,
    synced_at             timestamptz
);

create index customer_channel on customer (channel_id, created_at);

create table customer_address (
    id            uuid         primary key,
    customer_id   uuid         not null references customer (id),
    position      int          not null,
    street        varchar(200) not null,
    city          varchar(100) not null,
    state         varchar(100),
    zip           varchar(20)  not null,
    country       char(2)      not null,
    purpose       varchar(16)  not null,
    hq_address_id bigint,
    unique (customer_id, position)
);
