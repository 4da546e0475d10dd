package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The owner of {@code sales_order}: HQ's sales orders made from the channels' customer orders. */
@ApplicationScoped
public class SalesOrders {

    private final EntityManager em;

    public SalesOrders(EntityManager em) {
        this.em = em;
    }

    /**
     * Makes the customer order a sales order of the account, once.
     *
     * @return false if it already was one (or was processed meanwhile)
     */
    public boolean create(UUID transactionId, String accountNumber) {
        return em.createNativeQuery("""
                insert into sales_order (transaction_id, account_number, channel_id, currency, total)
                select transaction_id, ?2, channel_id, currency, total from channel_transaction
                where transaction_id = ?1 and processed_at is null
                on conflict do nothing""")
                .setParameter(1, transactionId).setParameter(2, accountNumber).executeUpdate() == 1;
    }
}
