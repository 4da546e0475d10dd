package io.customersync.messaging;

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

    /** @return the event id, which travels as {@code ce_id} and lets every consumer drop redeliveries */
    public UUID append(EntityManager em, EventType type, String key, String source, Object payload) {
        UUID eventId = UUID.randomUUID();
        em.createNativeQuery("""
                insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)
                values (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 as jsonb))""")
                .setParameter(1, eventId)
                .setParameter(2, type.ceType())
                .setParameter(3, type.topic())
                .setParameter(4, key)
                .setParameter(5, source)
                .setParameter(6, Instant.now())
                .setParameter(7, new String(EventJson.write(payload), java.nio.charset.StandardCharsets.UTF_8))
                .executeUpdate();
        em.createNativeQuery("select pg_notify(?1, '')").setParameter(1, notifyChannel).getSingleResult();
        return eventId;
    }
}
