-- HQ jobs: customer synchronization with history and duplicate handling, order synchronization,
-- end-of-day statements, and the record of job runs.

-- HOLD policy: a possible duplicate waits for an ops decision (the row stays PENDING meanwhile)
alter table async_customer_staging add column held_reason text;

create table staging_history (
    id          bigserial   primary key,
    customer_id uuid        not null,
    status      varchar(16) not null,
    detail      text,
    at          timestamptz not null default now()
);
create index staging_history_customer on staging_history (customer_id, id);

-- duplicates are found by normalized email and phone
alter table customer add column email_normalized varchar(254) generated always as (lower(trim(email))) stored;
alter table customer add column phone_normalized varchar(32)
    generated always as (nullif(regexp_replace(phone, '[^0-9]', '', 'g'), '')) stored;
create index customer_email_normalized on customer (email_normalized);
create index customer_phone_normalized on customer (phone_normalized);

-- FLAG policy: a new account was made, but it may be someone HQ already knows
create table possible_duplicate (
    id             bigserial   primary key,
    customer_id    uuid        not null,
    account_number varchar(32) not null,
    matched_on     varchar(16) not null,
    detected_at    timestamptz not null default now(),
    unique (customer_id, account_number)
);

-- LINK policy (or an ops decision): the async customer got an existing account number
create table customer_link (
    customer_id    uuid        primary key,
    account_number varchar(32) not null references customer (account_number),
    linked_at      timestamptz not null default now()
);

-- "Synchronize orders": customer orders become sales orders of a synced customer
alter table channel_transaction add column processed_at timestamptz;
create table sales_order (
    transaction_id uuid          primary key references channel_transaction (transaction_id),
    account_number varchar(32)   not null,
    channel_id     varchar(32)   not null,
    currency       char(3)       not null,
    total          numeric(19,4) not null,
    created_at     timestamptz   not null default now()
);

-- end-of-day statements: the cash-and-carry transactions of a channel, posted
create table statement (
    id                bigserial   primary key,
    channel_id        varchar(32) not null,
    posted_at         timestamptz not null default now(),
    transaction_count int         not null,
    totals            jsonb       not null,
    synced_customers  jsonb       not null
);
alter table channel_transaction add column statement_id bigint references statement (id);
create index channel_transaction_unposted on channel_transaction (channel_id) where statement_id is null;

create table job_run (
    id          bigserial   primary key,
    job         varchar(32) not null,
    trigger     varchar(16) not null,
    started_at  timestamptz not null,
    finished_at timestamptz not null,
    processed   int         not null,
    failed      int         not null
);
create index job_run_job on job_run (job, id desc);
