-- Keys ahead (decision 0018): the channels make and escrow data keys before the customers that will take
-- them exist, and distribution reads the keys escrowed lately along with a key it lacks
-- (POST /api/v1/customer-keys/lookup, "ahead"), so that neither waits for a key call when a customer is
-- created. Owned by CustomerDataKeys.
create index customer_data_key_escrowed on customer_data_key (escrowed_at) where not made_at_hq;
