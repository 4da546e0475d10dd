package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;

/**
 * Writes events into the outbox inside the caller's transaction, and wakes the relay when that
 * transaction commits (PostgreSQL delivers NOTIFY only on commit, so the relay never sees a row
 * before it is there). Insert and NOTIFY are one statement, one round trip; {@link #appendAll}
 * writes any number of events in one statement. The table's one owner: the relay's taking and marking
 * ({@link #takeUnsent}, {@link #countUnsent}, {@link #setAside}) are here too, and the backlog's count for
 * gauges and ops pages ({@link #COUNT_UNSENT}).
 */
public final class OutboxEvents {

    private static final Logger LOG = Logger.getLogger(OutboxEvents.class);

    /** One event to append: its type, Kafka key and payload. */
    public record Event(EventType type, String key, Object payload) {
    }

    /** Every row not published yet, those set aside included (the outbox backlog gauges and ops pages count it with this). */
    public static final String COUNT_UNSENT = "select count(*) from outbox_event where sent_at is null";

    /** The rows Kafka refused for good, set aside ({@link #setAside}; on their partial index). */
    public static final String COUNT_SET_ASIDE = "select count(*) from outbox_event where refused_at is not null";

    private static final String INSERT_ONE = """
            with appended as (
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                values (?, ?, ?, ?, ?, ?, cast(? as json)) returning id)
            select pg_notify(?, '') from appended""";

    private static final String INSERT_MANY = """
            with appended as (
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                select event_id, event_type, topic, message_key, ?, ?, cast(payload as json)
                from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[]) with ordinality
                    as e(event_id, event_type, topic, message_key, payload, position)
                order by position returning id)
            select pg_notify(?, '') where exists (select 1 from appended)""";

    private final String notifyChannel;

    public OutboxEvents(String notifyChannel) {
        this.notifyChannel = PgNotificationListener.checkedChannel(notifyChannel);
    }

    /**
     * On a plain JDBC connection, inside its open transaction.
     *
     * @return the event id, which travels as {@code ce_id} and lets every consumer drop redeliveries
     */
    public UUID append(Connection db, EventType type, String key, String source, Object payload) throws SQLException {
        UUID eventId = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement(INSERT_ONE)) {
            insert.setObject(1, eventId);
            insert.setString(2, type.ceType());
            insert.setString(3, type.topic());
            insert.setString(4, key);
            insert.setString(5, source);
            insert.setTimestamp(6, Timestamp.from(Instant.now()));
            insert.setString(7, json(payload));
            insert.setString(8, notifyChannel);
            insert.execute();
        }
        return eventId;
    }

    /**
     * Appends the events in the given order (ids ascending, so the relay publishes them in this
     * order) with one statement and one NOTIFY.
     *
     * @return their event ids, in the same order
     */
    public List<UUID> appendAll(Connection db, String source, List<Event> events) throws SQLException {
        List<UUID> ids = new ArrayList<>(events.size());
        if (events.isEmpty()) {
            return ids;
        }
        String[] types = new String[events.size()];
        String[] topics = new String[events.size()];
        String[] keys = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            ids.add(UUID.randomUUID());
            types[i] = event.type().ceType();
            topics[i] = event.type().topic();
            keys[i] = event.key();
            payloads[i] = json(event.payload());
        }
        try (PreparedStatement insert = db.prepareStatement(INSERT_MANY)) {
            insert.setString(1, source);
            insert.setTimestamp(2, Timestamp.from(Instant.now()));
            insert.setArray(3, db.createArrayOf("uuid", ids.toArray()));
            insert.setArray(4, db.createArrayOf("text", types));
            insert.setArray(5, db.createArrayOf("text", topics));
            insert.setArray(6, db.createArrayOf("text", keys));
            insert.setArray(7, db.createArrayOf("text", payloads));
            insert.setString(8, notifyChannel);
            insert.execute();
        }
        return ids;
    }

    /**
     * Deletes every event of this key, sent or not, in the caller's transaction (an erased customer's
     * stored payloads, docs/privacy.md): an unsent one is superseded by what the caller appends next.
     *
     * @return how many rows went
     */
    public int purge(Connection db, String key) throws SQLException {
        try (PreparedStatement delete = db.prepareStatement("delete from outbox_event where message_key = ?")) {
            delete.setString(1, key);
            return delete.executeUpdate();
        }
    }

    /**
     * Takes the next {@code limit} unsent rows, in id order, and marks them published, in one statement of
     * the relay's transaction: the relay commits only after Kafka acknowledged them (a failure rolls the marks
     * back, and the rows wait), and that commit does not wait for the disk ({@link #notWaitingForTheDisk}): a
     * mark lost in a crash leaves its rows to be published again, which the consumers take once, as they take
     * any record delivered twice. Rows another relay's transaction holds are skipped.
     */
    static List<OutboxRow> takeUnsent(Connection connection, int limit) throws SQLException {
        try (PreparedStatement take = connection.prepareStatement("""
                with taken as (
                    update outbox_event set sent_at = now()
                    where id in (select id from outbox_event where sent_at is null and refused_at is null order by id limit ?
                                 for update skip locked)
                    returning id, event_id, event_type, message_key, source, occurred_at, payload::text as payload)
                select id, event_id, event_type, message_key, source, occurred_at, payload,
                       set_config('synchronous_commit', 'off', true)
                from taken order by id""")) {
            take.setInt(1, limit);
            List<OutboxRow> rows = new ArrayList<>();
            try (ResultSet rs = take.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7)));
                }
            }
            return rows;
        }
    }

    /**
     * Sets rows Kafka refused for good (larger than a record may be: no retry makes them smaller) aside, in the
     * relay's transaction: unsent, with why, never taken again, so that the rows after them are published (before,
     * one such row held every row after it for ever). Ops see them (unsent, with their refusal) and may clear
     * {@code refused_at} to have them published again once the limits are raised (docs/ops.md).
     */
    static void setAside(Connection connection, List<OutboxRow> refused, String relay) throws SQLException {
        if (refused.isEmpty()) {
            return;
        }
        String refusal = "larger than Kafka takes (max.request.size, the topic's max.message.bytes)";
        try (PreparedStatement update = connection.prepareStatement(
                "update outbox_event set sent_at = null, refused_at = now(), refusal = ? where id = any(?)")) {
            update.setString(1, refusal);
            update.setArray(2, connection.createArrayOf("int8", refused.stream().map(OutboxRow::id).toArray()));
            update.executeUpdate();
        }
        for (OutboxRow row : refused) {
            LOG.errorf("%s: outbox row %d (event %s, %s, %d characters) set aside, unsent: %s", relay, row.id(),
                    row.eventId(), row.eventType(), row.payload().length(), refusal);
        }
    }

    /**
     * {@code write} (an insert, update or delete with a {@code returning} clause) as one statement that makes the
     * commit of the transaction it runs in (an autocommit statement's too) return before its WAL reaches the disk
     * (PostgreSQL's asynchronous commit: the WAL writer flushes it within {@code wal_writer_delay}, 200 ms), in the
     * same round trip; its one row is how many rows the write returned. Only for writes whose loss in a crash does
     * no harm: a publication or escrow mark that, lost, makes the work be done again, idempotently; or a write
     * nothing durable depends on until a later durable commit (which flushes the WAL before it, in order).
     */
    public static String notWaitingForTheDisk(String write) {
        return "with written as (" + write + ") select set_config('synchronous_commit', 'off', true), count(*) from written";
    }

    /** How many rows wait to be published, counted up to {@code atMost} (on the partial index of unsent rows). */
    static int countUnsent(Connection connection, int atMost) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "select count(*) from (select 1 from outbox_event where sent_at is null and refused_at is null limit ?)"
                        + " as waiting")) {
            count.setInt(1, atMost);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static String json(Object payload) {
        return new String(EventJson.write(payload), StandardCharsets.UTF_8);
    }
}
