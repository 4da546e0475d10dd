package io.customersync.channel.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;

import io.customersync.contracts.DataKey;
import io.customersync.messaging.DataKeyStatements;
import io.customersync.messaging.OutboxEvents;

/**
 * The customers' data keys in this channel database (table {@code customer_data_key}, channel-schema
 * V15; decision 0014): made here the first time an event of the customer is sealed, so the channel
 * seals while HQ is unreachable; escrowed to HQ by the P-job before the events they sealed are
 * published (the key never travels on a topic); destroyed by the erasure ({@code erase_customer}).
 */
@ApplicationScoped
public class CustomerDataKeys {

    /** Keys escrowed to HQ in one call at most. */
    static final int ESCROW_BATCH = 500;

    /** A key HQ does not hold yet. */
    public record PendingKey(UUID keyId, UUID customerId, byte[] secret) {
    }

    private static final String KEYS_FOR = """
            with wanted as (select * from unnest(?::uuid[], ?::uuid[], ?::text[]) as w(customer_id, key_id, secret)),
            made as (insert into customer_data_key (key_id, customer_id, data_key)
                     select key_id, customer_id, decode(secret, 'hex') from wanted
                     on conflict (customer_id) do nothing returning customer_id, key_id, data_key)
            select customer_id, key_id, data_key from made
            union all
            select k.customer_id, k.key_id, k.data_key from customer_data_key k join wanted w using (customer_id)""";

    private final DataSource dataSource;

    public CustomerDataKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Each customer's key, made for those that have none, on the connection of the caller's transaction
     * (so a key commits with the first event it seals), in one statement.
     */
    public Map<UUID, DataKey> keysFor(Connection db, Collection<UUID> customerIds) throws SQLException {
        return DataKeyStatements.takeOrMake(db, KEYS_FOR, customerIds);
    }

    /**
     * Hands every key HQ does not hold yet to {@code escrow}, in batches, and marks those it took;
     * a failure of {@code escrow} leaves the rest pending (the P-job's events wait for them).
     *
     * @return how many keys were escrowed
     */
    public int escrowPending(KeyEscrow escrow) throws SQLException {
        int total = 0;
        List<PendingKey> pending;
        do {
            try (Connection db = dataSource.getConnection()) {
                pending = pending(db);
                if (!pending.isEmpty()) {
                    escrow.escrow(pending);
                    markEscrowed(db, pending);
                    total += pending.size();
                }
            }
        } while (pending.size() == ESCROW_BATCH);
        return total;
    }

    private static List<PendingKey> pending(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select key_id, customer_id, data_key from customer_data_key
                where escrowed_at is null order by created_at limit ?""")) {
            select.setInt(1, ESCROW_BATCH);
            List<PendingKey> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(new PendingKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3)));
                }
            }
            return keys;
        }
    }

    /**
     * Its commit does not wait for the disk (the P-job publishes right after it): a mark lost in a crash has the
     * key escrowed again, which HQ takes as the same key (idempotent).
     */
    private static void markEscrowed(Connection db, List<PendingKey> keys) throws SQLException {
        try (PreparedStatement update = db.prepareStatement("with marked as ("
                + "update customer_data_key set escrowed_at = now() where key_id = any(?) returning 1) "
                + "select " + OutboxEvents.NOT_WAITING_FOR_THE_DISK + ", count(*) from marked")) {
            update.setArray(1, db.createArrayOf("uuid", keys.stream().map(PendingKey::keyId).toArray()));
            update.executeQuery().close();
        }
    }
}
