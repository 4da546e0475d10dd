-- An address its store removed (AddressRemoved, since 2026-12-06): the row stays, in its place in the customer's
-- list (sales and orders name it; the stores place a customer's addresses by that list), marked removed for good.
-- The duplicate rules no longer match on it. (V17-V20: the shared outbox's V20 is applied already.)
alter table customer_address add column removed_at timestamptz;
-- When its store last changed it (AddressChanged.changedAt): an older change replayed later (a dead letter) is not
-- written over a newer one.
alter table customer_address add column changed_at timestamptz;
