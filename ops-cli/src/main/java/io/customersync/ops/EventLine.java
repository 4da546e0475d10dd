package io.customersync.ops;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.Topics;

/**
 * One record as ops read it: time, topic/partition@offset, event type, channel, customer, account
 * number (and for a dead letter its reason). Never names, e-mails or phone numbers. A download
 * session (CustomersDistributed) gives a line per customer.
 */
record EventLine(String time, String where, String type, String channel, String customer, String account,
        String detail) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE_PREFIX = "io.customersync.";

    static List<EventLine> of(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "/" + record.partition() + "@" + record.offset();
        String time = header(record, CloudEventHeaders.TIME).orElse(java.time.Instant.ofEpochMilli(record.timestamp())
                .toString());
        String type = header(record, CloudEventHeaders.TYPE).map(t -> t.startsWith(TYPE_PREFIX)
                ? t.substring(TYPE_PREFIX.length()) : t).orElse("?");
        boolean deadLetter = record.topic().endsWith(Topics.DEAD_LETTER_SUFFIX);
        String detail = deadLetter ? "DEAD LETTER: " + header(record, "dlt_reason").orElse("?") : "";
        Optional<JsonNode> body = parse(record.value());
        String source = header(record, CloudEventHeaders.SOURCE).orElse("");
        String channel = body.map(b -> text(b, "channelId").or(() -> text(b, "originChannelId")).orElse(null))
                .orElse(source.startsWith("/channels/") ? source.substring("/channels/".length()) : "-");
        JsonNode customers = body.map(b -> b.get("customers")).orElse(null);
        if (customers != null && customers.isArray()) {
            List<EventLine> lines = new ArrayList<>();
            for (JsonNode c : customers) {
                lines.add(new EventLine(time, where, type, channel, text(c, "customerId").orElse("-"),
                        text(c, "accountNumber").orElse("-"), c.path("copy").asBoolean() ? "copy from "
                                + text(c, "originChannelId").orElse("?") : detail));
            }
            return lines;
        }
        String customer = body.flatMap(b -> text(b, "customerId")).orElse(record.key() == null ? "-" : record.key());
        String account = body.flatMap(b -> text(b, "accountNumber")).orElse("-");
        return List.of(new EventLine(time, where, type, channel, customer, account, deadLetter || body.isPresent()
                ? detail : "body is not JSON"));
    }

    String format() {
        return String.format("%-27s %-38s %-44s %-8s customer=%-36s account=%-10s %s", time, where, type, channel,
                customer, account, detail).stripTrailing();
    }

    private static Optional<JsonNode> parse(byte[] value) {
        try {
            return value == null ? Optional.empty() : Optional.of(JSON.readTree(value));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
    }

    static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? Optional.empty() : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
