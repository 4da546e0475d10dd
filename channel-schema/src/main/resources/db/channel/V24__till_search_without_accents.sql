-- The till search by name or e-mail ignores accents, apostrophes, spaces and hyphens: "nunez" finds Núñez, "obrien"
-- and "o'brien" find O’Brien (typed with a typographic apostrophe on a phone), "delacruz" De la Cruz, "jean luc"
-- Jean-Luc, capitals typed in Greek find a name ending in ς, as HQ's duplicate matching already compares names;
-- before, a clerk who typed the name without its accents did not find the customer and made a second one (found by
-- probing as a storefront, 2026-12-06). CustomerSearch looks for each word typed, in any order.
-- unaccent is a trusted extension (PostgreSQL 13+) shipped with PostgreSQL, the embedded one included. Its
-- unaccent(text) is STABLE (it reads its dictionary); an index expression must be IMMUTABLE: a function naming the
-- dictionary, as its documentation suggests. The search's SQL (CustomerSearch) calls the same function on the text
-- typed, so both sides fold alike.
create extension if not exists unaccent;

create function till_search_fold(text) returns text
    language sql immutable parallel safe strict
    as $$ select translate(lower(public.unaccent('public.unaccent'::regdictionary, $1)),
                           E'\u03c2 \u00a0\u2007\u202f-\u2010\u2011\u2012\u2013\u2014\u2015''\u2019\u02bc`\u00b4', E'\u03c3') $$;

drop index customer_search_text;
-- the expression must stay exactly as CustomerSearch writes it, or the planner cannot use it
create index customer_search_text on customer
    using gin (till_search_fold(first_name || ' ' || last_name || ' ' || coalesce(email, '')) gin_trgm_ops);
