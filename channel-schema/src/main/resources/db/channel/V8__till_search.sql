-- Till search (GET /api/v1/customers?q=): by account number, async customer number, phone digits
-- ("7135550101" finds "+1 (713) 555-0101") and any part of name or e-mail, each arm indexed.
-- pg_trgm is a trusted extension (PostgreSQL 13+) shipped with PostgreSQL, the embedded one included.
-- The three b-tree indexes of V3 served no query: a substring search cannot use them.
create extension if not exists pg_trgm;

drop index customer_last_name;
drop index customer_email;
drop index customer_phone;

-- the expressions must stay exactly as Customer.search writes them, or the planner cannot use them
create index customer_search_text on customer
    using gin (lower(first_name || ' ' || last_name || ' ' || coalesce(email, '')) gin_trgm_ops);
create index customer_search_phone on customer
    using gin (regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g') gin_trgm_ops);
create index customer_account_number on customer (account_number) where account_number is not null;
