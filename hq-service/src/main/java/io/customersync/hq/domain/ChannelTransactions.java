package io.customersync.hq.domain;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.customersync.contracts.EventJson;
import io.customersync.contracts.TransactionRecorded;

/**
 * Receives the channels' transactions that reference customers, once each, for the order
 * synchronization and statement posting jobs.
 */
@ApplicationScoped
public class ChannelTransactions {

    private final EntityManager em;

    public ChannelTransactions(EntityManager em) {
        this.em = em;
    }

    public void receive(TransactionRecorded transaction) {
        em.createNativeQuery("""
                insert into channel_transaction
                    (transaction_id, channel_id, type, customer_id, address_id, currency, total, payload, recorded_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, cast(?8 as jsonb), ?9)
                on conflict (transaction_id) do nothing""")
                .setParameter(1, transaction.transactionId())
                .setParameter(2, transaction.channelId())
                .setParameter(3, transaction.type())
                .setParameter(4, transaction.customerId())
                .setParameter(5, transaction.addressId())
                .setParameter(6, transaction.currency())
                .setParameter(7, transaction.total())
                .setParameter(8, new String(EventJson.write(transaction), StandardCharsets.UTF_8))
                .setParameter(9, transaction.recordedAt())
                .executeUpdate();
    }
}
