-- The account numbers a customer had before HQ gave it another (ops merged its account into another one, or the
-- account it had joined was merged in turn; since 2026-12-06): a till searching the number on an old loyalty card
-- finds the customer under its number now. Kept by a trigger, whoever writes the new number (distribution-service at
-- the customer's store and at its copies); the customer's other columns are not touched. Not personal data: account
-- numbers are never reused and stay after an erasure.
alter table customer add column former_account_numbers text[];
create index customer_former_account_numbers on customer using gin (former_account_numbers)
    where former_account_numbers is not null;

create function remember_former_account_number() returns trigger
    language plpgsql
    set search_path = public, pg_temp
as $$
begin
    new.former_account_numbers := array_append(coalesce(old.former_account_numbers, '{}'), old.account_number);
    return new;
end
$$;

revoke execute on function remember_former_account_number() from public;

-- (not when erase_customer writes the erasure's account number: a customer merged into another and erased on its own
-- goes back to its own number, which is not a merge)
create trigger customer_former_account_number
    before update of account_number on customer
    for each row
    when (old.account_number is not null and new.account_number is distinct from old.account_number
          and new.erased_at is null)
    execute function remember_former_account_number();
