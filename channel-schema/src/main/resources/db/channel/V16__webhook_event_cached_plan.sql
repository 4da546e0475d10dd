-- record_webhook_event (V10) again, the same statement in PL/pgSQL instead of SQL: a SQL function
-- that is not inlined is planned again on every call, and the customer.synced trigger calls it once
-- per row of distribution's batch update of account numbers. Measured on PostgreSQL 15 (2026-12-01,
-- 200 batches of 50 customers, no webhook subscription): 1,356 ms with the SQL function, 539-587 ms
-- with this one (its plan is kept for the session), 464 ms with no trigger at all. bench/run --profile
-- had that update as channel_houston's costliest statement (docs/performance.md). Same arguments,
-- same rows written, same privileges (create or replace keeps them).
create or replace function record_webhook_event(p_customer_id uuid, p_type text, p_version text) returns void
    language plpgsql
    set search_path = public, pg_temp
as $$
begin
    insert into webhook_delivery (id, subscription_id, customer_id, event_type, version, payload, status,
                                  next_attempt_at, created_at)
    select e.id, s.id, c.id, p_type, p_version,
           jsonb_build_object('id', e.id, 'type', p_type, 'occurredAt', now(), 'channelId', c.channel_id,
               'data', jsonb_build_object('customerId', c.id, 'asyncCustomerNumber', c.async_customer_number,
                   'accountNumber', c.account_number, 'status', c.status, 'syncedAt', c.synced_at,
                   'updatedAt', c.updated_at)),
           'PENDING', now(), now()
    from customer c
    join webhook_subscription s on s.channel_id = c.channel_id and p_type = any (s.events)
    cross join (select gen_random_uuid() as id) e
    where c.id = p_customer_id and not c.distributed
    on conflict (subscription_id, event_type, customer_id, version) do nothing;
end
$$;
