-- Since 2026-12-07 a merge takes along everything the merged account held: the store customers that had joined it
-- (linked to it, or merged into it before) and every match key it held. Merges made before left them at the merged
-- account: a customer merged into an account that was merged in turn kept the dead account (its store's edits were
-- written there), and the keys of customers linked to it still matched new customers to it. Here they move to the
-- live account at the end of each chain. The stores are not told by this migration: a store's customer of such a
-- chain keeps showing the old account number there (docs/duplicates.md).
do $$
begin
    loop
        update customer c set merged_into = m.merged_into
        from customer m
        where c.merged_into = m.account_number and m.merged_into is not null;
        exit when not found;
    end loop;
end $$;

update customer_link l set account_number = m.merged_into
from customer m
where l.account_number = m.account_number and m.merged_into is not null;

update async_customer_staging s set account_number = m.merged_into
from customer m
where s.account_number = m.account_number and m.merged_into is not null;

insert into customer_match_key (match_key, account_number)
select k.match_key, m.merged_into
from customer_match_key k join customer m on m.account_number = k.account_number
where m.merged_into is not null
on conflict do nothing;

delete from customer_match_key k
using customer m
where m.account_number = k.account_number and m.merged_into is not null;
