-- Privacy (docs/privacy.md): one row per customer whose personal data ops erased, and who asked for it.
-- Holds ids and the request only, never the erased data. Owned by CustomerErasures. The customer's
-- master row stays (account number, customer id, its sales and statements), anonymised.
create table customer_erasure (
    customer_id       uuid         primary key,
    account_number    varchar(32)  not null,
    request_reference varchar(200) not null,
    requested_by      varchar(300) not null,
    erased_at         timestamptz  not null,
    version           bigint       not null
);
