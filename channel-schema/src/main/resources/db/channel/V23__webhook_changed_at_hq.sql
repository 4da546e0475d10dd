-- A storefront webhook's customer.changed (V10) was recorded only for an edit made through the channel's own API: an
-- edit of the channel's own customer made at another store (or by HQ) came back as HQ's next version, written by
-- distribution-service, and the subscription heard nothing (found by probing as a storefront, 2026-12-06). This
-- trigger records it: HQ's newer version of the channel's own customer (not a copy, not an erasure: customer.erased)
-- whose fields differ from what the store had. The store's own edit coming back from HQ changes no field: no second
-- event. Its version is the row's updated_at, as for the channel's own edits.
create function webhook_customer_changed_at_hq() returns trigger
    language plpgsql
    security definer
    set search_path = public, pg_temp
as $$
begin
    perform record_webhook_event(new.id, 'customer.changed', new.updated_at::text);
    return null;
end
$$;

revoke execute on function webhook_customer_changed_at_hq() from public;

create trigger customer_changed_at_hq_webhook
    after update of hq_version on customer
    for each row
    when (not new.distributed and new.erased_at is null and old.hq_version is not null
          and new.hq_version is distinct from old.hq_version
          and (old.first_name, old.last_name, old.email, old.phone, old.attributes)
              is distinct from (new.first_name, new.last_name, new.email, new.phone, new.attributes))
    execute function webhook_customer_changed_at_hq();
