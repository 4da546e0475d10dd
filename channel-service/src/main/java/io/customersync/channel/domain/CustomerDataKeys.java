package io.customersync.channel.domain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.contracts.DataKey;
import io.customersync.messaging.DataKeyStatements;
import io.customersync.messaging.OutboxEvents;

/**
 * The customers' data keys in this channel database (table {@code customer_data_key}, channel-schema
 * V15; decision 0014): made here the first time an event of the customer is sealed, so the channel
 * seals while HQ is unreachable; escrowed to HQ by the P-job before the events they sealed are
 * published (the key never travels on a topic); destroyed by the erasure ({@code erase_customer}).
 * The P-job also keeps {@code channel.pjob.keys-ahead} keys made and escrowed ahead of the customers that
 * will take them, each with its future customer's id (V17, decision 0018): a new customer takes one.
 */
@ApplicationScoped
public class CustomerDataKeys {

    /** Keys escrowed to HQ in one call at most. */
    static final int ESCROW_BATCH = 500;

    /** A key HQ does not hold yet; {@code ahead}: made ahead, no customer has taken it. */
    public record PendingKey(UUID keyId, UUID customerId, byte[] secret, boolean ahead) {
    }

    private static final String KEYS_FOR = """
            with wanted as (select * from unnest(?::uuid[], ?::uuid[], ?::text[]) as w(customer_id, key_id, secret)),
            made as (insert into customer_data_key (key_id, customer_id, data_key)
                     select key_id, customer_id, decode(secret, 'hex') from wanted
                     on conflict (customer_id) do nothing returning customer_id, key_id, data_key)
            select customer_id, key_id, data_key from made
            union all
            select k.customer_id, k.key_id, k.data_key from customer_data_key k join wanted w using (customer_id)""";

    private static final String TAKE_AHEAD = """
            update customer_data_key set ahead = false
            where key_id in (select key_id from customer_data_key where ahead and escrowed_at is not null
                             order by created_at limit ? for update skip locked)
            returning customer_id""";

    private static final String MAKE_AHEAD = """
            insert into customer_data_key (key_id, customer_id, data_key, ahead)
            select key_id, customer_id, decode(secret, 'hex'), true
            from unnest(?::uuid[], ?::uuid[], ?::text[]) as m(key_id, customer_id, secret)""";

    /** After HQ did not take keys made ahead, how long until they are offered again. */
    static final Duration AHEAD_RETRY = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(CustomerDataKeys.class);

    private final DataSource dataSource;
    private final int keysAhead;
    /** Keys made ahead may wait unescrowed (true at start: made before a restart, or HQ did not take them). */
    private volatile boolean aheadUnescrowed = true;
    private volatile long aheadTriedAt = System.nanoTime() - AHEAD_RETRY.toNanos();

    public CustomerDataKeys(DataSource dataSource, ChannelConfig config) {
        this.dataSource = dataSource;
        this.keysAhead = config.pjob().keysAhead();
    }

    /**
     * The customer ids of up to {@code count} keys made ahead and escrowed already (decision 0018), taken in the
     * caller's transaction, oldest first: the new customers that get them need no key made, nor escrowed, for
     * their upload. Fewer (or none) while few are left; the others make their keys as before.
     */
    public List<UUID> takeMadeAhead(Connection db, int count) throws SQLException {
        if (count == 0 || keysAhead == 0) {
            return List.of();
        }
        try (PreparedStatement take = db.prepareStatement(TAKE_AHEAD)) {
            take.setInt(1, count);
            List<UUID> ids = new ArrayList<>(count);
            try (ResultSet rs = take.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            return ids;
        }
    }

    /**
     * Each customer's key, made for those that have none, on the connection of the caller's transaction
     * (so a key commits with the first event it seals), in one statement.
     */
    public Map<UUID, DataKey> keysFor(Connection db, Collection<UUID> customerIds) throws SQLException {
        return DataKeyStatements.takeOrMake(db, KEYS_FOR, customerIds);
    }

    /**
     * Hands every key of a customer HQ does not hold yet to {@code escrow}, in batches, and marks those it took;
     * a failure of {@code escrow} leaves the rest pending (the P-job's events wait for them). Makes keys ahead
     * first if fewer than half are left, and offers the unescrowed ones after the customers' keys, in the same
     * calls; HQ not taking keys ahead alone holds no upload (they are offered again {@link #AHEAD_RETRY} later).
     *
     * @return how many keys were escrowed
     */
    public int escrowPending(KeyEscrow escrow) throws SQLException {
        boolean withAhead = keysAhead > 0 && System.nanoTime() - aheadTriedAt >= AHEAD_RETRY.toNanos();
        int total = 0;
        List<PendingKey> pending;
        do {
            try (Connection db = dataSource.getConnection()) {
                if (withAhead && total == 0 && makeAheadIfFew(db)) {
                    aheadUnescrowed = true;
                }
                pending = pending(db, withAhead && aheadUnescrowed);
                if (pending.isEmpty()) {
                    break;
                }
                try {
                    escrow.escrow(pending);
                } catch (KeyEscrow.NotTakenException notTaken) {
                    if (pending.stream().anyMatch(key -> !key.ahead())) {
                        throw notTaken;
                    }
                    aheadTriedAt = System.nanoTime();
                    LOG.debugf("keys made ahead not escrowed yet (%s): offered again in %s", notTaken.getMessage(),
                            AHEAD_RETRY);
                    return total;
                }
                markEscrowed(db, pending);
                total += pending.size();
            }
        } while (pending.size() == ESCROW_BATCH);
        if (withAhead) {
            aheadUnescrowed = false;
        }
        return total;
    }

    /** Fewer than half of keys-ahead left untaken: makes as many as are missing; true if it made any. */
    private boolean makeAheadIfFew(Connection db) throws SQLException {
        int left;
        try (PreparedStatement count = db.prepareStatement("select count(*) from customer_data_key where ahead");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            left = rs.getInt(1);
        }
        if (left * 2 > keysAhead) {
            return false;
        }
        int missing = keysAhead - left;
        UUID[] keyIds = new UUID[missing];
        UUID[] customerIds = new UUID[missing];
        String[] secrets = new String[missing];
        for (int i = 0; i < missing; i++) {
            DataKey made = DataKey.generate();
            keyIds[i] = made.keyId();
            customerIds[i] = UUID.randomUUID(); // the id of the customer that will take it
            secrets[i] = HexFormat.of().formatHex(made.secret());
        }
        try (PreparedStatement insert = db.prepareStatement(MAKE_AHEAD)) {
            insert.setArray(1, db.createArrayOf("uuid", keyIds));
            insert.setArray(2, db.createArrayOf("uuid", customerIds));
            insert.setArray(3, db.createArrayOf("text", secrets));
            insert.executeUpdate();
        }
        return true;
    }

    /** The keys HQ does not hold yet: the customers' first, then (withAhead) those made ahead. */
    private static List<PendingKey> pending(Connection db, boolean withAhead) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select key_id, customer_id, data_key, ahead from customer_data_key
                where escrowed_at is null and (not ahead or ?) order by ahead, created_at limit ?""")) {
            select.setBoolean(1, withAhead);
            select.setInt(2, ESCROW_BATCH);
            List<PendingKey> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(new PendingKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3),
                            rs.getBoolean(4)));
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
