-- An erasure (V14, V21) is a storefront webhook event too: 'customer.erased' (ids and status only, as every event)
-- for the channel's subscription that asked for it, so that the shop erases its own copy of the customer (GDPR Art.
-- 19); before, a receiver learnt it only from a 410 on its next read (found by probing as a storefront, 2026-12-06).

create or replace function erase_customer(p_customer_id uuid, p_origin_channel_id text, p_async_customer_number text,
                               p_account_number text, p_version bigint, p_erased_at timestamptz, p_copy boolean)
    returns boolean
    language plpgsql
    security definer
    set search_path = public, pg_temp
as $$
declare
    v_erased int;
begin
    insert into customer (id, channel_id, async_customer_number, first_name, last_name, email, phone, attributes,
                          status, account_number, created_at, updated_at, synced_at, distributed, hq_version, erased_at)
    values (p_customer_id, p_origin_channel_id, p_async_customer_number, 'Erased', 'Customer', null, null, '{}',
            'SYNCED', p_account_number, p_erased_at, now(), p_erased_at, p_copy, p_version, p_erased_at)
    on conflict do nothing;
    update customer set first_name = 'Erased', last_name = 'Customer', email = null, phone = null, attributes = '{}',
        status = 'SYNCED', account_number = p_account_number, sync_reason = null, fields_to_fix = '[]',
        hq_version = greatest(coalesce(hq_version, 0), p_version), erased_at = p_erased_at, updated_at = now(),
        synced_at = greatest(coalesce(synced_at, p_erased_at), p_erased_at)
    where id = p_customer_id and erased_at is null;
    get diagnostics v_erased = row_count;
    update customer_address set street = '-', city = '-', state = null, zip = '-', country = 'ZZ'
    where customer_id = p_customer_id and (street, city, zip, country) is distinct from ('-', '-', '-', 'ZZ');
    delete from outbox_event
    where message_key = p_customer_id::text and event_type <> 'io.customersync.channel.transaction.recorded.v1';
    update idempotency_key set status = 410, location = null, request_hash = repeat('-', 64),
        body = '{"type":"about:blank","title":"Gone","status":410,"detail":"the customer was erased"}'
    where status <> 410 and (location = '/api/v1/customers/' || p_customer_id::text
                             or location like '/api/v1/customers/' || p_customer_id::text || '/%');
    delete from customer_data_key where customer_id = p_customer_id;
    if v_erased > 0 then
        -- the channel's storefront webhook (V10) hears it, ids only: its receiver's copy is erased too
        perform record_webhook_event(p_customer_id, 'customer.erased', p_version::text);
    end if;
    perform pg_notify('customer_synced', p_customer_id::text);
    return v_erased > 0;
end
$$;
