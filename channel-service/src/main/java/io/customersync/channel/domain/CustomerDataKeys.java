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
 * will take them, each with its future customer's id (decision 0018): a new customer created by the same
 * channel-service takes one, from that service's memory (the ids are nowhere else: none is given twice).
 * Keys no customer took are given back to HQ when the service stops, and purged when they are older than
 * twice {@code channel.pjob.keys-ahead-max-age} (a crashed service's, a failed save's).
 */
@ApplicationScoped
public class CustomerDataKeys {

    /** Keys escrowed to HQ in one call at most. */
    static final int ESCROW_BATCH = 500;

    /** A key HQ does not hold yet. */
    public record PendingKey(UUID keyId, UUID customerId, byte[] secret) {
    }

    /** A key made, escrowed and kept ahead, with the id of the customer that will take it. */
    public record MadeAhead(UUID customerId, DataKey key) {
    }

    private static final String KEYS_FOR = """
            with wanted as (select * from unnest(?::uuid[], ?::uuid[], ?::text[]) as w(customer_id, key_id, secret)),
            made as (insert into customer_data_key (key_id, customer_id, data_key)
                     select key_id, customer_id, decode(secret, 'hex') from wanted
                     on conflict (customer_id) do nothing returning customer_id, key_id, data_key)
            select customer_id, key_id, data_key from made
            union all
            select k.customer_id, k.key_id, k.data_key from customer_data_key k join wanted w using (customer_id)""";

    /**
     * Keys HQ has just taken, kept as escrowed, not waiting for the disk: a customer given one commits durably later,
     * which makes this durable too (WAL is written in order); lost in a crash, its ids were only in memory.
     */
    private static final String KEEP_AHEAD = OutboxEvents.notWaitingForTheDisk("""
            insert into customer_data_key (key_id, customer_id, data_key, escrowed_at)
            select key_id, customer_id, decode(secret, 'hex'), now()
            from unnest(?::uuid[], ?::uuid[], ?::text[]) as m(key_id, customer_id, secret)
            returning 1""");

    /** After HQ did not take keys made ahead, how long until new ones are offered. */
    static final Duration AHEAD_RETRY = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(CustomerDataKeys.class);

    private final DataSource dataSource;
    private final int keysAhead;
    private final KeysMadeAhead madeHere;
    private final Duration unusedAfter;
    private volatile long aheadTriedAt = System.nanoTime() - AHEAD_RETRY.toNanos();

    public CustomerDataKeys(DataSource dataSource, ChannelConfig config) {
        this.dataSource = dataSource;
        this.keysAhead = config.pjob().keysAhead();
        this.madeHere = new KeysMadeAhead(config.pjob().keysAheadMaxAge(), System::nanoTime);
        this.unusedAfter = config.pjob().keysAheadMaxAge().multipliedBy(2);
    }

    /**
     * Up to {@code count} keys made ahead and escrowed already (decision 0018), oldest first, with their customer
     * ids, from this service's memory (no statement): fewer or none while few are left (a burst, HQ away, another
     * service's P-job the active one); the others make their keys. One a failed save took stays unused.
     */
    public List<MadeAhead> takeMadeAhead(int count) {
        return madeHere.take(count);
    }

    /**
     * Each customer's key, made for those that have none, on the connection of the caller's transaction
     * (so a key commits with the first event it seals), in one statement.
     */
    public Map<UUID, DataKey> keysFor(Connection db, Collection<UUID> customerIds) throws SQLException {
        return DataKeyStatements.takeOrMake(db, KEYS_FOR, customerIds);
    }

    /**
     * Hands every key HQ does not hold yet to {@code escrow}, in batches, and marks those it took; a failure of
     * {@code escrow} leaves the rest pending (the P-job's events wait for them). Then makes keys ahead if few are
     * left (HQ not taking them holds no upload).
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
        if (keysAhead > 0 && System.nanoTime() - aheadTriedAt >= AHEAD_RETRY.toNanos()) {
            total += makeAheadIfFew(escrow);
        }
        return total;
    }

    /**
     * Fewer than half of keys-ahead left in memory: makes the missing ones, escrows them, keeps them, then lets
     * customers take them; how many. Never holds the upload: not taken or not kept, none is given out, and new
     * ones are offered {@link #AHEAD_RETRY} later.
     */
    private int makeAheadIfFew(KeyEscrow escrow) {
        int left = madeHere.left();
        if (left * 2 > keysAhead) {
            return 0;
        }
        List<PendingKey> made = new ArrayList<>(keysAhead - left);
        while (made.size() < keysAhead - left) {
            DataKey key = DataKey.generate();
            made.add(new PendingKey(key.keyId(), UUID.randomUUID(), key.secret())); // the id its customer will have
        }
        try {
            escrow.escrow(made); // before they are kept: a key kept ahead is always escrowed
        } catch (KeyEscrow.NotTakenException notTaken) {
            aheadTriedAt = System.nanoTime();
            LOG.debugf("keys made ahead not taken by HQ (%s): new ones offered in %s", notTaken.getMessage(),
                    AHEAD_RETRY);
            return 0;
        }
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement(KEEP_AHEAD)) {
            insert.setArray(1, db.createArrayOf("uuid", made.stream().map(PendingKey::keyId).toArray()));
            insert.setArray(2, db.createArrayOf("uuid", made.stream().map(PendingKey::customerId).toArray()));
            insert.setArray(3, db.createArrayOf("text", made.stream().map(k -> HexFormat.of().formatHex(k.secret())).toArray()));
            insert.executeQuery().close();
        } catch (SQLException | RuntimeException notKept) {
            aheadTriedAt = System.nanoTime(); // escrowed but not kept: HQ holds keys no customer will take
            LOG.warnf("keys made ahead not kept (%s): uploads go on, new customers make their own keys; "
                    + "new ones offered in %s", notKept.toString(), AHEAD_RETRY);
            return 0;
        }
        madeHere.add(made.stream().map(key -> new MadeAhead(key.customerId(), new DataKey(key.keyId(), key.secret())))
                .toList());
        return made.size();
    }

    /**
     * The service stopping (its P-job stopped first): the keys made ahead that no customer took leave memory; in
     * one transaction they are deleted here (those no customer of this database has), HQ is asked to forget exactly
     * those, and the deletion commits once HQ answered; any failure leaves them on both sides (they sealed nothing).
     * @return the customer ids of the keys given back (none if HQ did not answer)
     */
    public List<UUID> giveBackUnused(KeyEscrow escrow) {
        List<MadeAhead> unused = madeHere.takeAll();
        if (unused.isEmpty()) {
            return List.of();
        }
        try {
            List<MadeAhead> deleted = deletedAndGivenBack(escrow, db -> deleteUnused(db, unused));
            return deleted.stream().map(MadeAhead::customerId).toList();
        } catch (SQLException | RuntimeException notGiven) { // a stop goes on whatever happens here
            LOG.infof("%d keys made ahead and never taken were not given back (%s): HQ and this database keep them",
                    unused.size(), notGiven.getMessage());
            return List.of();
        }
    }

    /**
     * Keys no customer of this database has, made more than twice {@code keys-ahead-max-age} ago by the database's
     * clock: none is given out after that age, and a save commits within the transaction time-out or not at all, so none is held (a
     * crashed service's, a failed save's), given back as at a stop, a batch at a time. A scan of the keys.
     * @return how many keys were purged
     * @throws KeyEscrow.NotTakenException HQ did not answer: these stay on both sides for the next purge
     */
    public int purgeLeftUnused(KeyEscrow escrow) throws SQLException {
        int purged = 0;
        int batch;
        do {
            batch = deletedAndGivenBack(escrow, this::deleteLeftUnused).size();
            purged += batch;
        } while (batch == ESCROW_BATCH);
        return purged;
    }

    private interface Deletion {
        List<MadeAhead> delete(Connection db) throws SQLException;
    }

    /** The keys {@code deletion} deletes, given back to HQ; the deletion commits once HQ answered. */
    private List<MadeAhead> deletedAndGivenBack(KeyEscrow escrow, Deletion deletion) throws SQLException {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            try {
                List<MadeAhead> deleted = deletion.delete(db);
                int forgotten = deleted.isEmpty() ? 0 : escrow.giveBack(deleted);
                db.commit();
                if (forgotten < deleted.size()) { // HQ keeps those it does not hold for this channel and customer
                    LOG.warnf("%d keys made ahead and never taken given back; HQ forgot only %d", deleted.size(), forgotten);
                } else if (!deleted.isEmpty()) {
                    LOG.infof("%d keys made ahead and never taken given back; HQ forgot %d", deleted.size(), forgotten);
                }
                return deleted;
            } catch (SQLException | RuntimeException notGiven) {
                db.rollback();
                throw notGiven;
            }
        }
    }

    /** Keys no customer of this database has, made before the cutoff, up to a batch; returns those deleted. */
    private List<MadeAhead> deleteLeftUnused(Connection db) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("""
                delete from customer_data_key where key_id in (select k.key_id from customer_data_key k
                    where k.created_at < now() - make_interval(secs => ?)
                    and not exists (select 1 from customer c where c.id = k.customer_id) limit ?)
                returning key_id, customer_id, data_key""")) {
            delete.setDouble(1, unusedAfter.toMillis() / 1000.0);
            delete.setInt(2, ESCROW_BATCH);
            return deleted(delete);
        }
    }

    /** Deletes those of the keys no customer of this database has; returns the ones deleted. */
    private static List<MadeAhead> deleteUnused(Connection db, List<MadeAhead> keys) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("""
                delete from customer_data_key k where k.key_id = any(?)
                and not exists (select 1 from customer c where c.id = k.customer_id)
                returning key_id, customer_id, data_key""")) {
            delete.setArray(1, db.createArrayOf("uuid", keys.stream().map(k -> k.key().keyId()).toArray()));
            return deleted(delete);
        }
    }

    private static List<MadeAhead> deleted(PreparedStatement delete) throws SQLException {
        List<MadeAhead> deleted = new ArrayList<>();
        try (ResultSet rs = delete.executeQuery()) {
            while (rs.next()) {
                deleted.add(new MadeAhead(rs.getObject(2, UUID.class), new DataKey(rs.getObject(1, UUID.class), rs.getBytes(3))));
            }
        }
        return deleted;
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

    /** Not waiting for the disk: a mark lost in a crash has the key escrowed again, which HQ takes again. */
    private static void markEscrowed(Connection db, List<PendingKey> keys) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(OutboxEvents.notWaitingForTheDisk(
                "update customer_data_key set escrowed_at = now() where key_id = any(?) returning 1"))) {
            update.setArray(1, db.createArrayOf("uuid", keys.stream().map(PendingKey::keyId).toArray()));
            update.executeQuery().close();
        }
    }
}
