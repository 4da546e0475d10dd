-- The till search by name or e-mail ignores accents, apostrophes, spaces and hyphens: "nunez" finds Núñez, "obrien"
-- and "o'brien" find O’Brien (typed with a typographic apostrophe on a phone), "delacruz" De la Cruz, "jean luc"
-- Jean-Luc, capitals typed in Greek find a name ending in ς, as HQ's duplicate matching already compares names;
-- before, a clerk who typed the name without its accents did not find the customer and made a second one (found by
-- probing as a storefront, 2026-12-06). CustomerSearch looks for each word typed, in any order.
-- unaccent is a trusted extension (PostgreSQL 13+) shipped with PostgreSQL, the embedded one included.
create extension if not exists unaccent;

-- The fold, for the text kept and for the text typed (CustomerSearch calls it on each word).
create function till_search_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select translate(lower(public.unaccent('public.unaccent'::regdictionary, $1)),
                           E'\u03c2 \u00a0\u2007\u202f-\u2010\u2011\u2012\u2013\u2014\u2015''\u2019\u02bc`\u00b4', E'\u03c3') $$;

-- The folded text is kept in a column of its own, written by a trigger whoever writes the names (channel-service,
-- distribution-service, erase_customer), and the trigram index is on that column: an index on the function itself
-- (unaccent is STABLE, so the function cannot be inlined) prepared it again at every statement, about 20 µs each,
-- against 2-5 µs a row for the trigger (measured on a scratch PostgreSQL, docs/performance.md).
alter table customer add column search_text text;

create function customer_search_text_fold() returns trigger
    language plpgsql
    as $$
begin
    new.search_text := till_search_fold(new.first_name || ' ' || new.last_name || ' ' || coalesce(new.email, ''));
    return new;
end
$$;

create trigger customer_search_text_fold
    before insert or update of first_name, last_name, email on customer
    for each row execute function customer_search_text_fold();

update customer set search_text = till_search_fold(first_name || ' ' || last_name || ' ' || coalesce(email, ''));

drop index customer_search_text;
create index customer_search_text on customer using gin (search_text gin_trgm_ops);
