package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

/** The owner of {@code sales_order}: HQ's sales orders made from the channels' customer orders. */
@ApplicationScoped
public class SalesOrders {

    private final HqDatabase database;

    public SalesOrders(HqDatabase database) {
        this.database = database;
    }

    /**
     * Makes the customer order a sales order of the account, once.
     *
     * @return false if it already was one (or was processed meanwhile)
     */
    public boolean create(UUID transactionId, String accountNumber) {
        return database.update("""
                insert into sales_order (transaction_id, account_number, channel_id, currency, total)
                select transaction_id, ?, channel_id, currency, total from channel_transaction
                where transaction_id = ? and processed_at is null
                on conflict do nothing""", accountNumber, transactionId) == 1;
    }
}
