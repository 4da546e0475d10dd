-- Keys ahead (decision 0018): the P-job makes data keys before the customers that will take them exist,
-- each with the customer id its customer will have, and escrows them to HQ; a customer created here takes
-- one (an escrowed one, oldest first) in the transaction that saves it, so its upload is published without
-- a call to HQ first, and distribution, which reads the keys HQ took lately, opens its announcement
-- without one either. "ahead": made ahead, no customer has taken it yet. Owned by channel-service's
-- CustomerDataKeys.
alter table customer_data_key add column ahead boolean not null default false;

create index customer_data_key_ahead on customer_data_key (created_at) where ahead;
