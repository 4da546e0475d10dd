package io.customersync.hq.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

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

    private final HqDatabase database;

    public ChannelTransactions(HqDatabase database) {
        this.database = database;
    }

    public void receive(TransactionRecorded transaction) {
        database.update("""
                insert into channel_transaction
                    (transaction_id, channel_id, type, customer_id, address_id, currency, total, payload, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)
                on conflict (transaction_id) do nothing""", transaction.transactionId(), transaction.channelId(),
                transaction.type(), transaction.customerId(), transaction.addressId(), transaction.currency(),
                transaction.total(), new String(EventJson.write(transaction), StandardCharsets.UTF_8),
                transaction.recordedAt());
    }

    /** The oldest customer orders not processed yet. */
    public List<WaitingOrder> waitingOrders(int limit) {
        return database.list("""
                select transaction_id, customer_id from channel_transaction
                where type = 'CUSTOMER_ORDER' and processed_at is null order by received_at limit ?""",
                rs -> new WaitingOrder(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), limit);
    }

    public long countWaitingOrders() {
        return count("select count(*) from channel_transaction where type = 'CUSTOMER_ORDER' and processed_at is null");
    }

    public void markProcessed(UUID transactionId) {
        database.update("update channel_transaction set processed_at = now() where transaction_id = ?", transactionId);
    }

    /** The channels with cash-and-carry sales not posted yet. */
    public List<String> channelsWithUnpostedSales() {
        return database.list("""
                select distinct channel_id from channel_transaction
                where type = 'CASH_AND_CARRY' and statement_id is null""", rs -> rs.getString(1));
    }

    public long countUnpostedSales() {
        return count("select count(*) from channel_transaction where type = 'CASH_AND_CARRY' and statement_id is null");
    }

    /** The channel's unposted sales, in the order they were recorded, locked by the caller's transaction. */
    public List<UnpostedSale> lockUnpostedSales(String channelId) {
        return database.list("""
                select transaction_id, customer_id, address_id, currency, total from channel_transaction
                where channel_id = ? and type = 'CASH_AND_CARRY' and statement_id is null
                order by recorded_at for update""", rs -> new UnpostedSale(rs.getObject(1, UUID.class),
                rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getString(4).trim(), rs.getBigDecimal(5)),
                channelId);
    }

    /** Puts exactly these sales (locked by the caller and counted in the statement) in the statement. */
    public void postInStatement(List<UUID> transactionIds, long statementId) {
        int posted = database.update("""
                update channel_transaction set statement_id = ?
                where transaction_id = any(?) and statement_id is null""", statementId,
                new HqDatabase.Array("uuid", transactionIds));
        if (posted != transactionIds.size()) {
            throw new IllegalStateException("posted " + posted + " of the " + transactionIds.size() + " locked sales");
        }
    }

    private long count(String sql) {
        return database.count(sql);
    }
}
