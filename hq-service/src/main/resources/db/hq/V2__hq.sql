-- HQ database: customer master, the number sequence of account numbers, async staging.

-- Account numbers come from this sequence, formatted by hq.account-number.format.
-- nextval() is unique across any number of hq-service instances; a rolled-back transaction
-- leaves a gap (allowed, as with a non-continuous D365 number sequence), never a duplicate.
create sequence account_number_seq start with 1 increment by 1 no cycle;

-- Events already applied, per consumer: redelivery changes nothing.
create table processed_event (
    event_id     uuid        not null,
    consumer     varchar(64) not null,
    processed_at timestamptz not null default now(),
    primary key (event_id, consumer)
);

-- Async customers uploaded by the channels ("Synchronize customers and business partners from async mode").
create table async_customer_staging (
    customer_id           uuid        primary key,
    channel_id            varchar(32) not null,
    async_customer_number varchar(64) not null,
    payload               jsonb       not null,
    status                varchar(16) not null check (status in ('PENDING', 'SYNCED', 'FAILED')),
    account_number        varchar(32),
    last_error            text,
    upload_event_id       uuid        not null,
    received_at           timestamptz not null,
    synced_at             timestamptz,
    unique (channel_id, async_customer_number)
);

create index async_customer_staging_status on async_customer_staging (status, received_at);

-- The customer master.
create table customer (
    account_number        varchar(32)  primary key,
    customer_id           uuid         not null unique,
    origin_channel_id     varchar(32)  not null,
    async_customer_number varchar(64)  not null,
    first_name            varchar(100) not null,
    last_name             varchar(100) not null,
    email                 varchar(254),
    phone                 varchar(32),
    attributes            jsonb        not null default '{}',
    created_at            timestamptz  not null
);

-- HQ address ids are this table's ids (D365 RecIds, in spirit).
create table customer_address (
    id               bigserial    primary key,
    account_number   varchar(32)  not null references customer (account_number),
    async_address_id uuid         not null unique,
    street           varchar(200) not null,
    city             varchar(100) not null,
    state            varchar(100),
    zip              varchar(20)  not null,
    country          char(2)      not null,
    purpose          varchar(16)  not null
);
