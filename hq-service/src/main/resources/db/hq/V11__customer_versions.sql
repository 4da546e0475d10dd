-- HQ is the source of truth (docs/versions.md): every change of a master customer gets the next
-- version, in the transaction of its outbox announcement, which carries it to the origin and every
-- copy; a channel database never lets an older version replace a newer one.
-- field_changes remembers, per editable field, the version that last changed it and who changed it
-- (a channel id, or HQ): a store's edit based on an older version does not overwrite a field someone
-- else changed since.
alter table customer add column version bigint not null default 1;
alter table customer add column field_changes jsonb not null default '{}';
