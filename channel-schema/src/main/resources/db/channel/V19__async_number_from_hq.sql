-- A store's own customer takes the async number HQ staged it under when distribution-service writes its account
-- number (decision 0021): the store's own number, except for a sync-mode retry whose first try HQ staged under the
-- first try's number (the till's retry with the same Idempotency-Key draws a new one). Nothing else changes it.
grant update (async_customer_number) on customer to customer_distribution;
