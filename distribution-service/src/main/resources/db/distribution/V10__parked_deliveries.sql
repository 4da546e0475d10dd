-- The ops pages' queue status per channel (DeliveryQueue.STATUS) counts what waits and what is parked.
-- Waiting rows have pending_delivery_due; parked rows (FAILED until ops retry) get this small partial index,
-- so that neither count reads the delivered rows retention keeps (30 days of them) through the unique
-- (channel_id, event_id) index. A row enters it only when it is parked.
create index pending_delivery_parked on pending_delivery (channel_id) where delivered_at is null and failed_at is not null;
