-- Flyway callback, before every migration of a channel database: the role distribution-service
-- connects as (V4 grants its rights). Roles are per server, and several channel databases on one
-- server may be migrated at the same moment (./run.sh, the tests): whoever creates it first wins,
-- the others find it there. Kept out of V4, whose "if not exists" check could race.
do $$
begin
    create role customer_distribution login;
exception
    when duplicate_object or unique_violation then
        null;
end
$$;
