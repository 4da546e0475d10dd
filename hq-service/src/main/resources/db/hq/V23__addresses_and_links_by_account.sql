-- A customer's addresses and the store customers given an account are read by account number: every store's edit,
-- address, link and merge (the customer's profile and its announcement), a channel's full sync and the duplicate
-- review (many accounts at once), exports and erasures. Without these indexes each such read scanned the whole table
-- (found reading the schema, 2026-12-06): at a thousand stores' customers, seconds per edit, and a channel's full sync
-- a scan per page. Writes: one more index entry per address numbered (measured, docs/performance.md) and per link.
create index customer_address_account on customer_address (account_number);
create index customer_link_account on customer_link (account_number);
