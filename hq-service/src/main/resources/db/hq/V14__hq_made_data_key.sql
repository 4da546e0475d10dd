-- Crypto-shredding, stage 2 (docs/privacy.md, decision 0014): HQ seals the customer snapshot of the
-- events it publishes on hq.customer-sync.v1 with a data key of the customer it holds. A customer with
-- no escrowed key (created in sync mode through the real-time service) gets one key made at HQ, in the
-- transaction of the outbox row it seals, and keeps it: at most one HQ-made key per customer. The
-- erasure deletes it with the others. Owned by CustomerDataKeys.
alter table customer_data_key add column made_at_hq boolean not null default false;

create unique index customer_data_key_made_at_hq on customer_data_key (customer_id) where made_at_hq;
