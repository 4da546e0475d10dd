-- The live channel registry (ChannelRegistrations owns it): the channels distribution delivers to,
-- changed through the ops API (/api/v1/channels) without a restart; configuration
-- (distribution.channels.*) seeds the channels that are missing, never overwriting a row.
-- No password here: password_ref says where it is read when a connection is opened
-- (file:/path, env:NAME or config:some.key).
create table channel_registration (
    channel_id            varchar(32)  primary key,
    jdbc_url              varchar(500) not null,
    username              varchar(63)  not null,
    password_ref          varchar(300) not null,
    address_book          varchar(64),
    exclude_customer_data boolean      not null default false,
    pool_size             int,
    deployment            varchar(64)  not null,
    status                varchar(8)   not null check (status in ('ACTIVE', 'RETIRED')),
    changed_by            varchar(64)  not null,
    changed_at            timestamptz  not null default now()
);
