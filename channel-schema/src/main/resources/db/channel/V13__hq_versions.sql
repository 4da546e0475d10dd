-- HQ is the source of truth (docs/versions.md): each row of a customer, the store's own and the
-- copies of its address book's customers, keeps the version of HQ's customer it holds (null while
-- ASYNC, or for a row written before versions). distribution-service writes a customer only over an
-- older version, so out-of-order deliveries end at the newest; a store edit uploads the row's version
-- as the base of the edit. Copies are no longer read-only: a store of the address book may edit one,
-- and the edit travels to HQ and back to every channel database.
alter table customer add column hq_version bigint;

grant update (hq_version) on customer to customer_distribution;
