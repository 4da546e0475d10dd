-- Statuses that say the truth: besides ASYNC and SYNCED, a customer HQ refused (FAILED, with HQ's
-- reason code and the names of the fields to fix) or holds as a possible duplicate under review
-- (ON_HOLD). distribution-service writes them like the account number (channel-schema/README.md);
-- sync_status_at is HQ's time of the status written last: an older one never replaces a newer one,
-- and nothing replaces SYNCED.
alter table customer drop constraint customer_status_check;
alter table customer add constraint customer_status_check check (status in ('ASYNC', 'SYNCED', 'FAILED', 'ON_HOLD'));

alter table customer add column sync_reason varchar(64);
alter table customer add column fields_to_fix jsonb not null default '[]';
alter table customer add column sync_status_at timestamptz;

grant update (sync_reason, fields_to_fix, sync_status_at) on customer to customer_distribution;
