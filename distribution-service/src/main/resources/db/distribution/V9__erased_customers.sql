-- Privacy (docs/privacy.md): a CustomerErased delivery marks its customer erased for the queue: no
-- event of that customer is queued after it (an older record replayed would bring its data back into
-- pending_delivery). The partial index keeps that check one index probe per queued event.
create index pending_delivery_erased on pending_delivery (customer_id)
    where event_type = 'io.customersync.hq.customer.erased.v1';
