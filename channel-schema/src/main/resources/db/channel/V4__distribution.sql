-- Customers of other channels of the same address book, copied here by distribution-service so they
-- can be found and served at this channel too. Copies are read-only here: they are edited where they
-- were created (or at HQ) and the change arrives as a new copy.
alter table customer add column distributed boolean not null default false;

-- The role distribution-service connects as (least privilege): it may read the customer tables and
-- write only the columns of the contract in channel-schema/README.md; nothing else in this database.
-- Roles are per server, so the role may already exist (another channel database on the same server).
-- Local (embedded) servers trust local connections; elsewhere give it a password:
--   ALTER ROLE customer_distribution PASSWORD '...';
do $$
begin
    if not exists (select from pg_roles where rolname = 'customer_distribution') then
        create role customer_distribution login;
    end if;
end
$$;

grant usage on schema public to customer_distribution;
grant select on customer, customer_address to customer_distribution;
-- the synced customer of this channel: only its sync columns
grant update (status, account_number, synced_at, updated_at) on customer to customer_distribution;
-- copies of other channels' customers
grant insert on customer to customer_distribution;
grant update (first_name, last_name, email, phone, attributes) on customer to customer_distribution;
grant insert on customer_address to customer_distribution;
grant update (hq_address_id, street, city, state, zip, country, purpose, position) on customer_address
    to customer_distribution;
