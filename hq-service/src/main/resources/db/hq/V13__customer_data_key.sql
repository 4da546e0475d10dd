-- Crypto-shredding (docs/privacy.md, decision 0014): the customers' data keys, escrowed by the channels'
-- P-jobs (PUT /api/v1/customer-keys) before they publish the events a key sealed. HQ opens sealed
-- uploads with them. A customer may have several keys (one per channel database that sealed an event
-- of it). The erasure deletes them all in its transaction: every record they sealed, on any topic or
-- dead-letter topic, is unreadable from then on. Owned by CustomerDataKeys.
create table customer_data_key (
    key_id       uuid        primary key,
    customer_id  uuid        not null,
    data_key     bytea       not null check (length(data_key) = 32),
    escrowed_by  varchar(64) not null,
    escrowed_at  timestamptz not null default now()
);

create index customer_data_key_customer on customer_data_key (customer_id);
