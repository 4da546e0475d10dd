-- The storefront webhook: one subscription per channel (where to POST, the signing secret, which
-- events) and its outbox of deliveries. Owned by channel-service (domain WebhookSubscriptions and
-- WebhookDeliveries); distribution-service has no rights on either table.
create table webhook_subscription (
    id         uuid          primary key,
    channel_id varchar(32)   not null unique,
    url        varchar(2000) not null,
    -- needed in clear to sign (HMAC); never returned by the API after creation
    secret     varchar(100)  not null,
    events     text[]        not null,
    created_at timestamptz   not null
);

-- One row per event and subscription: PENDING until the receiver answers 2xx (DELIVERED), or DEAD
-- after channel.webhook.max-attempts; ops replay a DEAD one (it becomes PENDING again, same id).
-- The id is the event id (Webhook-Id header). (event_type, customer_id, version) makes recording an
-- event idempotent: version is the account number for customer.synced, updated_at for customer.changed.
create table webhook_delivery (
    id              uuid         primary key,
    subscription_id uuid         not null references webhook_subscription (id) on delete cascade,
    customer_id     uuid         not null,
    event_type      varchar(32)  not null,
    version         varchar(64)  not null,
    payload         jsonb        not null,
    status          varchar(16)  not null check (status in ('PENDING', 'DELIVERED', 'DEAD')),
    attempts        int          not null default 0,
    next_attempt_at timestamptz  not null,
    last_error      varchar(200),
    created_at      timestamptz  not null,
    delivered_at    timestamptz,
    unique (subscription_id, event_type, customer_id, version)
);

create index webhook_delivery_due on webhook_delivery (next_attempt_at) where status = 'PENDING';
create index webhook_delivery_by_status on webhook_delivery (subscription_id, status, created_at);
-- housekeeping deletes delivered rows by age
create index webhook_delivery_delivered on webhook_delivery (delivered_at) where delivered_at is not null;

-- Records one webhook event about a customer of this channel for its channel's subscription, if it
-- has one that takes this event type; the same (type, customer, version) again records nothing.
-- The one place an event's payload is built: the synced trigger below and channel-service
-- (customer.changed, customer.failed) both call it, in the transaction of the change they report.
create function record_webhook_event(p_customer_id uuid, p_type text, p_version text) returns void
    language sql
    set search_path = public, pg_temp
as $$
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
    on conflict (subscription_id, event_type, customer_id, version) do nothing
$$;

-- customer.synced: the account number arrives in this database (distribution-service's update of an
-- ASYNC row, a merge at HQ giving it another one, or a sync-mode customer saved already numbered).
-- A trigger, so the event commits with the very write it reports, whoever writes it and whether or
-- not channel-service is up to hear the NOTIFY. SECURITY DEFINER: distribution's role may not write
-- the webhook tables itself; the function runs with its owner's rights and does only this.
create function webhook_customer_synced() returns trigger
    language plpgsql
    security definer
    set search_path = public, pg_temp
as $$
begin
    perform record_webhook_event(new.id, 'customer.synced', new.account_number);
    return null;
end
$$;

revoke execute on function record_webhook_event(uuid, text, text) from public;
revoke execute on function webhook_customer_synced() from public;

create trigger customer_synced_webhook
    after update of account_number on customer
    for each row
    when (new.account_number is not null and old.account_number is distinct from new.account_number
          and not new.distributed)
    execute function webhook_customer_synced();

create trigger customer_saved_synced_webhook
    after insert on customer
    for each row
    when (new.account_number is not null and not new.distributed)
    execute function webhook_customer_synced();
