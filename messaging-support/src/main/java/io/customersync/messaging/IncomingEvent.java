package io.customersync.messaging;

import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.customersync.contracts.EventType;

/** A record read from Kafka whose headers and body were understood. */
public record IncomingEvent(UUID id, EventType type, String source, Instant time, String key, Object payload,
        ConsumerRecord<String, byte[]> record) {

    public <T> T payloadAs(Class<T> type) {
        return type.cast(payload);
    }
}
