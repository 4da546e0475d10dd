-- A delivery is a CustomerSynchronized (account number) or, since HQ tells refusals and holds, a
-- CustomerNotSynchronized (FAILED / ON_HOLD for the origin channel): its CloudEvents type says which.
alter table pending_delivery add column event_type varchar(100) not null
    default 'io.customersync.hq.customer.synchronized.v1';
