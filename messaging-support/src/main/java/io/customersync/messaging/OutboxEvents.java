package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.EntityManager;

import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;

/**
 * Writes an event into the outbox inside the caller's transaction, and wakes the relay when that
 * transaction commits (PostgreSQL delivers NOTIFY only on commit, so the relay never sees a row
 * before it is there).
 */
public final class OutboxEvents {

    private final String notifyChannel;

    public OutboxEvents(String notifyChannel) {
        this.notifyChannel = PgNotificationListener.checkedChannel(notifyChannel);
    }

    private static final String INSERT = """
            insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
            values (?, ?, ?, ?, ?, ?, cast(? as jsonb))""";

    /** @return the event id, which travels as {@code ce_id} and lets every consumer drop redeliveries */
    public UUID append(EntityManager em, EventType type, String key, String source, Object payload) {
        UUID eventId = UUID.randomUUID();
        var insert = em.createNativeQuery(INSERT);
        Object[] values = values(eventId, type, key, source, payload);
        for (int i = 0; i < values.length; i++) {
            insert.setParameter(i + 1, values[i]);
        }
        insert.executeUpdate();
        em.createNativeQuery("select pg_notify(?1, '')").setParameter(1, notifyChannel).getSingleResult();
        return eventId;
    }

    /** The same on a plain JDBC connection, inside its open transaction. */
    public UUID append(Connection db, EventType type, String key, String source, Object payload) throws SQLException {
        UUID eventId = UUID.randomUUID();
        try (PreparedStatement insert = db.prepareStatement(INSERT);
                PreparedStatement notify = db.prepareStatement("select pg_notify(?, '')")) {
            Object[] values = values(eventId, type, key, source, payload);
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
            notify.setString(1, notifyChannel);
            notify.execute();
        }
        return eventId;
    }

    private static Object[] values(UUID eventId, EventType type, String key, String source, Object payload) {
        return new Object[] { eventId, type.ceType(), type.topic(), key, source,
                java.sql.Timestamp.from(Instant.now()),
                new String(EventJson.write(payload), java.nio.charset.StandardCharsets.UTF_8) };
    }
}
