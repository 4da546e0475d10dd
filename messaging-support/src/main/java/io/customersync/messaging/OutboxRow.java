package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.customersync.contracts.CloudEventHeaders;

/** One row of the outbox, as the relay publishes it: JSON body, CloudEvents headers, keyed by the customer. */
record OutboxRow(long id, UUID eventId, String eventType, String topic, String key, String source,
        Instant occurredAt, String payload) {

    ProducerRecord<String, byte[]> toRecord() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, utf8(eventId.toString()));
        headers.add(CloudEventHeaders.TYPE, utf8(eventType));
        headers.add(CloudEventHeaders.SOURCE, utf8(source));
        headers.add(CloudEventHeaders.TIME, utf8(occurredAt.toString()));
        headers.add(CloudEventHeaders.SPEC_VERSION, utf8(CloudEventHeaders.SPEC_VERSION_VALUE));
        headers.add(CloudEventHeaders.SUBJECT, utf8(key));
        headers.add(CloudEventHeaders.CONTENT_TYPE, utf8(CloudEventHeaders.JSON));
        return new ProducerRecord<>(topic, null, key, utf8(payload), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
