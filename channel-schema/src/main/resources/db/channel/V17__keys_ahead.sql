-- Keys ahead (decision 0018): the P-job makes data keys before the customers that will take them exist,
-- each with the customer id its customer will have, escrows them to HQ and then keeps them here, escrowed
-- ("ahead": made ahead, no customer has taken it yet). A channel-service takes some at a time (oldest
-- first) and gives their ids to the customers it creates, so an upload is published without a call to HQ
-- first, and distribution, which reads the keys HQ took lately, opens the announcement without one either.
-- Owned by channel-service's CustomerDataKeys.
alter table customer_data_key add column ahead boolean not null default false;

create index customer_data_key_ahead on customer_data_key (created_at) where ahead;
