-- Answers to POSTs sent with an Idempotency-Key: a retry with the same key and body gets the
-- first answer again and creates nothing; the same key with another body is refused (422).
create table idempotency_key (
    channel_id      varchar(32)  not null,
    idempotency_key varchar(128) not null,
    request_hash    char(64)     not null,
    status          int          not null,
    location        text,
    body            text         not null,
    created_at      timestamptz  not null default now(),
    primary key (channel_id, idempotency_key)
);

-- Cash-and-carry transactions and customer orders that reference a customer (async or synced).
create table retail_transaction (
    id          uuid          primary key,
    channel_id  varchar(32)   not null,
    type        varchar(16)   not null check (type in ('CASH_AND_CARRY', 'CUSTOMER_ORDER')),
    customer_id uuid          not null references customer (id),
    address_id  uuid          references customer_address (id),
    currency    char(3)       not null,
    total       numeric(19,4) not null,
    created_at  timestamptz   not null
);

create table retail_transaction_line (
    transaction_id uuid          not null references retail_transaction (id),
    line_number    int           not null,
    sku            varchar(64)   not null,
    quantity       numeric(19,4) not null,
    unit_price     numeric(19,4) not null,
    primary key (transaction_id, line_number)
);

-- customer search (name, email, phone)
create index customer_last_name on customer (channel_id, lower(last_name));
create index customer_email on customer (channel_id, lower(email));
create index customer_phone on customer (channel_id, phone);
