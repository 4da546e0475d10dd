-- The till search by name or e-mail ignores accents, apostrophes and no-break spaces: "nunez" finds Núñez, "obrien"
-- and "o'brien" find O’Brien (typed with a typographic apostrophe on a phone), as HQ's duplicate matching already
-- compares names; before, a clerk who typed the name without its accents did not find the customer and made a second
-- one (found by probing as a storefront, 2026-12-06).
-- unaccent is a trusted extension (PostgreSQL 13+) shipped with PostgreSQL, the embedded one included. Its
-- unaccent(text) is STABLE (it reads its dictionary); an index expression must be IMMUTABLE: a function naming the
-- dictionary, as its documentation suggests. The search's SQL (CustomerSearch) calls the same function on the text
-- typed, so both sides fold alike.
create extension if not exists unaccent;

create function till_search_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select lower(translate(public.unaccent('public.unaccent'::regdictionary, $1), E'\u00a0\u2007\u202f''\u2019\u02bc`\u00b4', '   ')) $$;

drop index customer_search_text;
-- the expression must stay exactly as CustomerSearch writes it, or the planner cannot use it
create index customer_search_text on customer
    using gin (till_search_fold(first_name || ' ' || last_name || ' ' || coalesce(email, '')) gin_trgm_ops);
