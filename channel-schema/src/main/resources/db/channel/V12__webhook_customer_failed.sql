-- customer.failed: HQ's refusal arrives in this database (distribution-service writes FAILED with the
-- reason and the fields to fix, V9). A trigger for the reason customer.synced has one (V10): the event
-- commits with the very write it reports, whoever writes it. The version is HQ's time of the refusal,
-- so a new refusal after a store edit is a new event, and the same refusal again records nothing.
create function webhook_customer_failed() returns trigger
    language plpgsql
    security definer
    set search_path = public, pg_temp
as $$
begin
    perform record_webhook_event(new.id, 'customer.failed', new.sync_status_at::text);
    return null;
end
$$;

revoke execute on function webhook_customer_failed() from public;

create trigger customer_failed_webhook
    after update of status, sync_status_at on customer
    for each row
    when (new.status = 'FAILED' and not new.distributed
          and (old.status is distinct from new.status or old.sync_status_at is distinct from new.sync_status_at))
    execute function webhook_customer_failed();
