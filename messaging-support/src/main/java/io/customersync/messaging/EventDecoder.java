package io.customersync.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;

/** Reads a record's CloudEvents headers and JSON body; anything it cannot read is poison. */
public final class EventDecoder {

    private EventDecoder() {
    }

    public static IncomingEvent decode(ConsumerRecord<String, byte[]> record) {
        String ceType = header(record, CloudEventHeaders.TYPE);
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new PoisonEventException("unknown event type '" + ceType + "'"));
        if (!type.topic().equals(record.topic())) {
            throw new PoisonEventException("event type " + ceType + " does not belong on topic " + record.topic());
        }
        UUID id;
        Instant time;
        try {
            id = UUID.fromString(header(record, CloudEventHeaders.ID));
            time = Instant.parse(header(record, CloudEventHeaders.TIME));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PoisonEventException("malformed ce_id or ce_time header: " + e.getMessage(), e);
        }
        if (record.key() == null) {
            throw new PoisonEventException("record has no key");
        }
        try {
            Object payload = EventJson.read(record.value(), type.payloadType());
            return new IncomingEvent(id, type, header(record, CloudEventHeaders.SOURCE), time, record.key(), payload,
                    record);
        } catch (IOException e) {
            throw new PoisonEventException("body is not a valid " + type.payloadType().getSimpleName() + ": "
                    + firstLine(e.getMessage()), e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new PoisonEventException("missing header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
