package io.customersync.distribution.domain;

import static io.customersync.messaging.SqlArrays.column;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.customersync.contracts.EventType;
import io.customersync.messaging.Database;

/**
 * Owner of {@code pending_delivery} in the distribution database: the durable per-channel queue of deliveries into
 * channel databases, the 1010 job's work. Every statement is JDBC on the caller's transaction's connection (the
 * service has no ORM, decision 0024): the hot paths (the consumer's {@link #enqueue}, or
 * {@link #recordDeliveredIfCaughtUp}; the workers' {@link #lockChannel}, {@link #due}, {@link #settle},
 * {@link #nextDueIn}) set-based, what ops and the pipeline page see ({@link #status}, {@link #release}) a row or two.
 */
@ApplicationScoped
public class DeliveryQueue {

    /** NOTIFY channel whose payload is the channel id that has new (or released) deliveries. */
    public static final String NOTIFY_CHANNEL = "distribution_pending";

    /** Gauge: deliveries waiting for a channel database (one parameter: the channel id). */
    public static final String COUNT_WAITING = """
            select count(*) from pending_delivery
            where channel_id = ? and delivered_at is null and failed_at is null""";

    /** Gauge: deliveries parked as FAILED until ops retry (one parameter: the channel id). */
    public static final String COUNT_PARKED = """
            select count(*) from pending_delivery
            where channel_id = ? and delivered_at is null and failed_at is not null""";

    private static final long LOCK_NAMESPACE = 1010L << 32;
    private static final String ERASURES = "and event_type = '" + EventType.CUSTOMER_ERASED.ceType() + "'";

    private final Database database;
    private final ChannelRegistry registry;

    public DeliveryQueue(DistributionDatabase database, ChannelRegistry registry) {
        this.database = database;
        this.registry = registry;
    }

    /** Queues the deliveries (a redelivered event adds nothing), waking their channels' workers: one statement. */
    public static void enqueue(Connection db, List<NewDelivery> deliveries) throws SQLException {
        enqueue(db, deliveries, insert(false, ""));
    }

    /** Queues a full sync's erasures, whatever erasures of their customers are queued already: one statement. */
    public static void enqueueErasures(Connection db, List<NewDelivery> erasures) throws SQLException {
        enqueue(db, erasures, insert(false, "true or"));
    }

    private static void enqueue(Connection db, List<NewDelivery> deliveries, String insert) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("with queued as (" + insert + """
                returning channel_id)
                select pg_notify(?, channel_id) from (select distinct channel_id from queued) as woken""")) {
            bind(statement, 0, deliveries, false).setString(6, NOTIFY_CHANNEL);
            statement.execute();
        }
    }

    /**
     * For the consumer's straight delivery, one statement: if this transaction takes the channel's delivery lock and
     * nothing waits in its queue, records as delivered, without payload, the deliveries the caller writes into the
     * channel database now (a redelivered event adds nothing, nor does an erased customer's). Returns the rows
     * recorded now, by event; empty if the channel was not caught up (nothing recorded).
     */
    public static Optional<Map<UUID, Long>> recordDeliveredIfCaughtUp(Connection db, String channelId,
            List<NewDelivery> deliveries) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("""
                with caught_up as materialized (select pg_try_advisory_xact_lock(?) and not exists (
                    select 1 from pending_delivery where channel_id = ? and delivered_at is null and failed_at is null) as yes),
                recorded as (""" + insert(true, "(select yes from caught_up) and") + """
                returning event_id, id)
                select c.yes, r.event_id, r.id from caught_up c left join recorded r on true""")) {
            insert.setLong(1, lockName(channelId));
            insert.setString(2, channelId);
            Map<UUID, Long> recorded = new HashMap<>();
            boolean caughtUp = false;
            try (ResultSet rs = bind(insert, 2, deliveries, true).executeQuery()) {
                // each row says whether the channel was caught up; one row without an event when nothing was recorded
                while (rs.next()) {
                    caughtUp = rs.getBoolean(1);
                    if (rs.getObject(2) != null) {
                        recorded.put(rs.getObject(2, UUID.class), rs.getLong(3));
                    }
                }
            }
            return caughtUp ? Optional.of(recorded) : Optional.empty();
        }
    }

    /** Takes back rows {@link #recordDeliveredIfCaughtUp} recorded in this transaction that could not be written after all. */
    public static void withdraw(Connection db, List<Long> ids) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("delete from pending_delivery where id = any(?)")) {
            delete.setArray(1, db.createArrayOf("int8", ids.toArray()));
            delete.executeUpdate();
        }
    }

    /** @param onlyIf a condition ending in {@code and} every inserted row must meet ({@code true or}: none) */
    private static String insert(boolean delivered, String onlyIf) {
        // the erasure's type a literal, so the plan uses the partial index of erasures (V9) however often it runs
        return """
                insert into pending_delivery (channel_id, event_id, customer_id, payload, event_type, delivered_at, attempts)
                select channel_id, event_id, customer_id, %s
                from unnest(?::text[], ?::uuid[], ?::uuid[], ?::text[], ?::text[]) with ordinality
                    as d(channel_id, event_id, customer_id, payload, event_type, position)
                where %s not exists (select 1 from pending_delivery e where e.customer_id = d.customer_id
                                  and e.event_type = '%s')
                order by position
                on conflict (channel_id, event_id) do nothing
                """.formatted(delivered ? "cast('{}' as json), event_type, now(), 1"
                        : "cast(payload as json), event_type, null, 0", onlyIf, EventType.CUSTOMER_ERASED.ceType());
    }

    /** Binds the deliveries' five arrays of {@link #insert} after {@code before} parameters. */
    private static PreparedStatement bind(PreparedStatement insert, int before, List<NewDelivery> deliveries,
            boolean delivered) throws SQLException {
        Connection db = insert.getConnection();
        insert.setArray(before + 1, column(db, "text", deliveries, NewDelivery::channelId));
        insert.setArray(before + 2, column(db, "uuid", deliveries, NewDelivery::eventId));
        insert.setArray(before + 3, column(db, "uuid", deliveries, NewDelivery::customerId));
        insert.setArray(before + 4, column(db, "text", deliveries, d -> delivered ? null : d.payload()));
        insert.setArray(before + 5, column(db, "text", deliveries, d -> d.type().ceType()));
        return insert;
    }

    /**
     * An erased customer's (docs/privacy.md) other deliveries carry its data: their payloads are blanked
     * and those not delivered yet are settled (the erasure supersedes them), in the caller's transaction;
     * the rows stay, so a redelivered old event is still recognised and adds nothing.
     */
    public static void forgetErased(Connection db, List<UUID> customerIds) throws SQLException {
        if (customerIds.isEmpty()) {
            return;
        }
        try (PreparedStatement update = db.prepareStatement("""
                update pending_delivery set payload = '{}', delivered_at = coalesce(delivered_at, now()),
                    failed_at = null, last_error = null
                where customer_id = any(?) and event_type <> ?""")) {
            update.setArray(1, db.createArrayOf("uuid", customerIds.toArray()));
            update.setString(2, EventType.CUSTOMER_ERASED.ceType());
            update.executeUpdate();
        }
    }

    /** Whether this transaction is the one delivering to the channel now (advisory lock, released at commit). */
    public static boolean lockChannel(Connection db, String channelId) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, lockName(channelId));
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static long lockName(String channelId) {
        return LOCK_NAMESPACE | (channelId.hashCode() & 0xffffffffL);
    }

    /** The channel's next due deliveries (only its erasures: a retired channel's), oldest first, locked for this transaction. */
    public static List<DueDelivery> due(Connection db, String channelId, int limit, boolean erasuresOnly)
            throws SQLException, IOException {
        try (PreparedStatement select = db.prepareStatement("""
                select id, event_id, attempts, payload::text, event_type from pending_delivery
                where channel_id = ? and delivered_at is null and failed_at is null and next_attempt_at <= now() %s
                order by id limit ? for update""".formatted(erasuresOnly ? ERASURES : ""))) {
            select.setString(1, channelId);
            select.setInt(2, limit);
            List<DueDelivery> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(DueDelivery.queued(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3),
                            EventType.fromCeType(rs.getString(5)).orElseThrow(), rs.getString(4)));
                }
            }
            return rows;
        }
    }

    /**
     * Marks the delivered rows delivered (one statement) and the failed ones due again (one batch),
     * parking those that reached {@code maxAttempts}. A delivered row keeps its ids for retention's
     * while and loses its payload, the customer's personal data, which nothing reads again
     * (docs/privacy.md).
     */
    public static void settle(Connection db, List<Long> deliveredIds, List<FailedAttempt> failures, int maxAttempts)
            throws SQLException {
        try (PreparedStatement delivered = db.prepareStatement("""
                update pending_delivery set delivered_at = now(), attempts = attempts + 1, last_error = null,
                    payload = '{}'
                where id = any(?)""");
                PreparedStatement failed = db.prepareStatement("""
                        update pending_delivery set attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                            failed_at = case when attempts + 1 >= ? then now() end
                        where id = ?""")) {
            for (FailedAttempt failure : failures) {
                failed.setString(1, failure.error());
                failed.setTimestamp(2, Timestamp.from(failure.nextAttemptAt()));
                failed.setInt(3, maxAttempts);
                failed.setLong(4, failure.id());
                failed.addBatch();
            }
            delivered.setArray(1, db.createArrayOf("int8", deliveredIds.toArray()));
            delivered.executeUpdate();
            failed.executeBatch();
        }
    }

    /** A channel with deliveries due now, and whether an erasure is among them. */
    public record DueWork(String channelId, boolean erasureDue) {
    }

    /** The channels with deliveries due now (not parked), whatever their number: one query for the 1010 job's sweep. */
    public static List<DueWork> channelsWithDueWork(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select channel_id, bool_or(event_type = '%s') from pending_delivery
                where delivered_at is null and failed_at is null and next_attempt_at <= now()
                group by channel_id""".formatted(EventType.CUSTOMER_ERASED.ceType()));
                ResultSet rs = select.executeQuery()) {
            List<DueWork> channels = new ArrayList<>();
            while (rs.next()) {
                channels.add(new DueWork(rs.getString(1), rs.getBoolean(2)));
            }
            return channels;
        }
    }

    /** Time until the channel's earliest undelivered (not parked) row, or erasure, is due, at least 1 ms; empty: none waits. */
    public static Optional<Duration> nextDueIn(Connection db, String channelId, boolean erasuresOnly) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select extract(epoch from min(next_attempt_at) - now()) * 1000 from pending_delivery
                where channel_id = ? and delivered_at is null and failed_at is null %s""".formatted(
                        erasuresOnly ? ERASURES : ""))) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                double millis = rs.getDouble(1);
                return rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(1, (long) Math.ceil(millis))));
            }
        }
    }

    /**
     * A channel's waiting and parked deliveries and the age of its oldest: each half through its own partial
     * index (pending_delivery_due, pending_delivery_parked), never through the delivered rows retention keeps.
     */
    public static final String STATUS = """
            select count(*) filter (where not parked), count(*) filter (where parked),
                   coalesce(extract(epoch from now() - min(received_at))::bigint, 0)
            from (select false as parked, received_at from pending_delivery
                  where channel_id = ? and delivered_at is null and failed_at is null
                  union all
                  select true, received_at from pending_delivery
                  where channel_id = ? and delivered_at is null and failed_at is not null) as waiting""";

    public ChannelStatus status(String channelId) {
        var channel = registry.registered(channelId);
        return database.first(STATUS, rs -> new ChannelStatus(channelId, channel.map(Channel::addressBook).orElse(null),
                channel.map(Channel::excludeCustomerData).orElse(false), rs.getLong(1), rs.getLong(2), rs.getLong(3)),
                channelId, channelId);
    }

    /**
     * Releases the channel's parked (FAILED) deliveries and makes everything waiting for it due now, in
     * the caller's transaction; wakes its worker when that commits.
     *
     * @return how many deliveries were released
     */
    public int release(String channelId) {
        // waiting and parked rows apart, each through its partial index (not the delivered rows, see STATUS)
        return database.first("""
                with waiting as (update pending_delivery set next_attempt_at = now()
                                 where channel_id = ? and delivered_at is null and failed_at is null returning 1),
                parked as (update pending_delivery set failed_at = null, next_attempt_at = now()
                           where channel_id = ? and delivered_at is null and failed_at is not null returning 1)
                select (select count(*) from waiting) + (select count(*) from parked), pg_notify(?, ?)""",
                rs -> rs.getInt(1), channelId, channelId, NOTIFY_CHANNEL, channelId);
    }
}
