-- Since 2026-12-06 a merge takes along everything the merged account held: the store customers that had joined it
-- (linked to it, or merged into it before), their addresses and every match key it held. Merges made before left them
-- at the merged account: a customer merged into an account that was merged in turn kept the dead account (its store's
-- edits and addresses were written there), and the keys of customers linked to it still matched new customers to it.
-- Here they move to the live account at the end of each chain (docs/duplicates.md).

-- each merged account names the live account at the end of its chain
do $$
begin
    loop
        update customer c set merged_into = m.merged_into
        from customer m
        where c.merged_into = m.account_number and m.merged_into is not null;
        exit when not found;
    end loop;
end $$;

-- whether the live account a merged one joined was erased since (docs/privacy.md)
create temporary table v22_merged on commit drop as
select m.account_number, m.merged_into as live,
       exists (select 1 from customer r join customer_erasure e on e.customer_id = r.customer_id
               where r.account_number = m.merged_into) as live_erased
from customer m
where m.merged_into is not null;

-- the store customers given a merged account, and the number their store was told last
create temporary table v22_moved on commit drop as
select s.customer_id, s.channel_id, s.async_customer_number, s.account_number as shown, v.live, v.live_erased
from async_customer_staging s join v22_merged v on v.account_number = s.account_number;

update async_customer_staging s set account_number = v.live
from v22_merged v
where s.account_number = v.account_number;

update customer_link l set account_number = v.live
from v22_merged v
where l.account_number = v.account_number;

-- addresses a store added for such a customer were written to the merged account: they join the live one (and are
-- left as erasure leaves addresses, ids only, if that was erased)
update customer_address a
set account_number = v.live,
    street = case when v.live_erased then '-' else a.street end,
    city = case when v.live_erased then '-' else a.city end,
    state = case when v.live_erased then null else a.state end,
    zip = case when v.live_erased then '-' else a.zip end,
    country = case when v.live_erased then 'ZZ' else a.country end
from v22_merged v
where a.account_number = v.account_number;

-- match keys held by a merged account go to the live one; to an erased one they do not (derived from erased data)
insert into customer_match_key (match_key, account_number)
select k.match_key, v.live
from customer_match_key k join v22_merged v on v.account_number = k.account_number
where not v.live_erased
on conflict do nothing;

delete from customer_match_key k
using v22_merged v
where v.account_number = k.account_number;

-- a flag ops could still decide for a customer whose own account is merged would merge another customer's account
update possible_duplicate d set decision = 'MERGED', decided_at = now()
where d.decided_at is null and d.customer_id in (select c.customer_id from customer c where c.merged_into is not null);

-- a flag matching a merged account matches the live one (PossibleDuplicates.followMerge); closed if the customer is
-- given that account already, has a match with it, or another open one that goes to it
update possible_duplicate d set decision = 'MERGED', decided_at = now()
from v22_merged v
where d.decided_at is null and d.account_number = v.account_number
  and (exists (select 1 from async_customer_staging s where s.customer_id = d.customer_id and s.account_number = v.live)
       or exists (select 1 from possible_duplicate o where o.customer_id = d.customer_id and o.account_number = v.live)
       or exists (select 1 from possible_duplicate o join v22_merged w on w.account_number = o.account_number
                  where o.customer_id = d.customer_id and o.decided_at is null and w.live = v.live and o.id > d.id));

update possible_duplicate d set account_number = v.live
from v22_merged v
where d.decided_at is null and d.account_number = v.account_number;

-- each moved customer's store is told the live account in place of the one it shows, as a merge tells it
-- (CustomerSynchronized with replacesAccountNumber; ids and numbers only, nothing to seal, no version: copies of it
-- keep the number they show), through the outbox; not an erased customer, nor one whose live account was erased
-- (a chain of three merges or more: that erasure did not reach it; the account's erasure sent again erases it,
-- docs/privacy.md)
insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
select gen_random_uuid(), 'io.customersync.hq.customer.synchronized.v1', 'hq.customer-sync.v1', m.customer_id::text,
       '/hq', now(),
       json_build_object('customerId', m.customer_id, 'originChannelId', m.channel_id,
                         'asyncCustomerNumber', m.async_customer_number, 'accountNumber', m.live,
                         'addresses', json_build_array(),
                         'syncedAt', to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                         'replacesAccountNumber', m.shown)
from v22_moved m
where not m.live_erased and not exists (select 1 from customer_erasure e where e.customer_id = m.customer_id)
order by m.customer_id;

-- wakes HQ's relay (HqOutbox.NOTIFY_CHANNEL), as every append does
do $$ begin perform pg_notify('hq_outbox', ''); end $$;
