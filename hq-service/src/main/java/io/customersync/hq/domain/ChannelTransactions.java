package io.customersync.hq.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.customersync.contracts.EventJson;
import io.customersync.contracts.TransactionRecorded;

/**
 * The owner of {@code channel_transaction}: the channels' transactions that reference customers,
 * received once each, for the order synchronization (customer orders) and statement posting
 * (cash-and-carry sales) jobs.
 */
@ApplicationScoped
public class ChannelTransactions {

    /** A customer order not made a sales order yet. */
    public record WaitingOrder(UUID transactionId, UUID customerId) {
    }

    /** A cash-and-carry sale not posted in a statement yet. */
    public record UnpostedSale(UUID transactionId, UUID customerId, UUID addressId, String currency,
            BigDecimal total) {
    }

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

    /** The oldest customer orders not processed yet. */
    public List<WaitingOrder> waitingOrders(int limit) {
        return em.unwrap(Session.class).doReturningWork(db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select transaction_id, customer_id from channel_transaction
                    where type = 'CUSTOMER_ORDER' and processed_at is null order by received_at limit ?""")) {
                select.setInt(1, limit);
                List<WaitingOrder> orders = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        orders.add(new WaitingOrder(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
                    }
                }
                return orders;
            }
        });
    }

    public long countWaitingOrders() {
        return count("select count(*) from channel_transaction where type = 'CUSTOMER_ORDER' and processed_at is null");
    }

    public void markProcessed(UUID transactionId) {
        em.createNativeQuery("update channel_transaction set processed_at = now() where transaction_id = ?1")
                .setParameter(1, transactionId).executeUpdate();
    }

    /** The channels with cash-and-carry sales not posted yet. */
    @SuppressWarnings("unchecked")
    public List<String> channelsWithUnpostedSales() {
        return em.createNativeQuery("""
                select distinct channel_id from channel_transaction
                where type = 'CASH_AND_CARRY' and statement_id is null""").getResultList();
    }

    public long countUnpostedSales() {
        return count("select count(*) from channel_transaction where type = 'CASH_AND_CARRY' and statement_id is null");
    }

    /** The channel's unposted sales, in the order they were recorded, locked by the caller's transaction. */
    public List<UnpostedSale> lockUnpostedSales(String channelId) {
        em.flush();
        return em.unwrap(Session.class).doReturningWork(db -> {
            try (PreparedStatement select = db.prepareStatement("""
                    select transaction_id, customer_id, address_id, currency, total from channel_transaction
                    where channel_id = ? and type = 'CASH_AND_CARRY' and statement_id is null
                    order by recorded_at for update""")) {
                select.setString(1, channelId);
                List<UnpostedSale> sales = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        sales.add(new UnpostedSale(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                                rs.getObject(3, UUID.class), rs.getString(4).trim(), rs.getBigDecimal(5)));
                    }
                }
                return sales;
            }
        });
    }

    /** Puts exactly these sales (locked by the caller and counted in the statement) in the statement. */
    public void postInStatement(List<UUID> transactionIds, long statementId) {
        em.flush();
        em.unwrap(Session.class).doWork(db -> {
            try (PreparedStatement update = db.prepareStatement("""
                    update channel_transaction set statement_id = ?
                    where transaction_id = any(?) and statement_id is null""")) {
                update.setLong(1, statementId);
                update.setArray(2, db.createArrayOf("uuid", transactionIds.toArray()));
                int posted = update.executeUpdate();
                if (posted != transactionIds.size()) {
                    throw new IllegalStateException("posted " + posted + " of the " + transactionIds.size()
                            + " locked sales");
                }
            }
        });
    }

    private long count(String sql) {
        return ((Number) em.createNativeQuery(sql).getSingleResult()).longValue();
    }
}
