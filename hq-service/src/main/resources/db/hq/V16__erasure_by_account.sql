-- An edit of a store's customer is refused when its account was erased (CustomerErasures.erased(customer,
-- account)): looked up by account number at every edit of a synced customer, not only by customer id.
create index customer_erasure_account on customer_erasure (account_number);
