package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;

import io.customersync.contracts.EventType;

/** One row of the outbox, as the relay publishes it. */
record OutboxRow(long id, UUID eventId, String eventType, String key, String source,
        Instant occurredAt, String payload) {

    ProducerRecord<String, byte[]> toRecord() {
        EventType type = EventType.fromCeType(eventType)
                .orElseThrow(() -> new IllegalStateException("outbox row " + id + " has unknown type " + eventType));
        return EventRecords.record(type, eventId, key, source, occurredAt, payload.getBytes(StandardCharsets.UTF_8));
    }
}
