-- An address its store removed (DELETE /api/v1/customers/{id}/addresses/{addressId}, since 2026-12-06): the row
-- stays, hidden, in its place (sales and orders name it; a customer's copies are placed by HQ's list, which keeps
-- it), and once removed it stays removed. distribution-service marks a copy's address removed as HQ announces it.
alter table customer_address add column removed_at timestamptz;
grant update (removed_at) on customer_address to customer_distribution;
