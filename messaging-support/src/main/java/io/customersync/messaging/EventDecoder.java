package io.customersync.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

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
                    + whereUnreadable(e), e);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new PoisonEventException("missing header " + name);
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * What was wrong and where (field path, or line and column), never the parser's message: it quotes
     * the offending text, which may be personal data, and the reason travels in a header and the logs.
     */
    private static String whereUnreadable(IOException e) {
        String what = e.getClass().getSimpleName();
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return what + " at " + String.join(".", mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]").toList());
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return what + " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
        }
        return what;
    }
}
