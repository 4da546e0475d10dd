package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;

/** Builds the Kafka record of an event: JSON body, CloudEvents headers (binary mode), keyed by its subject. */
public final class EventRecords {

    private EventRecords() {
    }

    public static ProducerRecord<String, byte[]> record(EventType type, UUID eventId, String key, String source,
            Instant time, byte[] body) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, utf8(eventId.toString()));
        headers.add(CloudEventHeaders.TYPE, utf8(type.ceType()));
        headers.add(CloudEventHeaders.SOURCE, utf8(source));
        headers.add(CloudEventHeaders.TIME, utf8(time.toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, utf8(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.SUBJECT, utf8(key));
        headers.add(CloudEventHeaders.CONTENT_TYPE, utf8(CloudEventHeaders.JSON));
        return new ProducerRecord<>(type.topic(), null, key, body, headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
