-- A channel's full sync (docs/ops.md): a store added to an address book, back from retirement or given to this
-- deployment gets every customer of its book as HQ has it now. One row per channel: the last full sync asked for,
-- how far it read HQ's customers (by account number) and how many it read (each queued, but an erased customer's);
-- finished_at is null while it runs. A new request starts the channel's row over.
create table channel_full_sync (
    channel_id     text primary key,
    requested_by   text not null,
    requested_at   timestamptz not null default now(),
    after_account  text,
    customers_read bigint not null default 0,
    last_error     text,
    finished_at    timestamptz
);
