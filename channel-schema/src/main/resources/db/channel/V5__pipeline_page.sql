-- The pipeline page (distribution-service) shows, per channel, the async customers waiting and the
-- P-job's backlog. Waiting customers are found through a small partial index (only ASYNC rows);
-- the outbox is readable by distribution only in the columns that say whether a row was sent, never
-- its payload.
create index customer_async_waiting on customer (channel_id, created_at) where status = 'ASYNC';

grant select (id, occurred_at, sent_at) on outbox_event to customer_distribution;
