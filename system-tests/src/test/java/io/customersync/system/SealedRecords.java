package io.customersync.system;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealableEvent;
import io.customersync.contracts.SealedEvents;

/** The topics as any Kafka tool reads them, and what HQ's data keys open of them (decision 0014). */
final class SealedRecords {

    private SealedRecords() {
    }

    /** Every record of the topic, from its first offset to its end now (a raw consumer, no group). */
    static List<ConsumerRecord<String, byte[]>> everyRecord(String topic) throws Exception {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningSystem.get().kafkaBootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
            }
        }
        return records;
    }

    /** "partition@offset" of each record whose raw value contains one of the values (any case). */
    static List<String> readable(List<ConsumerRecord<String, byte[]>> records, List<String> values) {
        List<String> found = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String raw = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8).toLowerCase();
            if (values.stream().anyMatch(v -> raw.contains(v.toLowerCase()))) {
                found.add(record.partition() + "@" + record.offset());
            }
        }
        return found;
    }

    /** The customer's sealed records that one of HQ's data keys opens, as JSON text. */
    static List<String> openedWithHqsKeys(List<ConsumerRecord<String, byte[]>> records, UUID customerId) throws Exception {
        return openWithHqsKeys(records, customerId).values().stream()
                .map(value -> new String(value, StandardCharsets.UTF_8)).toList();
    }

    /** The customer's sealed records that one of HQ's data keys opens, each with its value opened (plaintext). */
    static Map<ConsumerRecord<String, byte[]>, byte[]> openWithHqsKeys(List<ConsumerRecord<String, byte[]>> records,
            UUID customerId) throws Exception {
        Map<ConsumerRecord<String, byte[]>, byte[]> opened = new LinkedHashMap<>();
        try (Connection hq = RunningSystem.get().connect("hq")) {
            for (ConsumerRecord<String, byte[]> record : records) {
                var type = EventType.fromCeType(String.valueOf(header(record))).orElse(null);
                if (!customerId.toString().equals(record.key()) || type == null
                        || !SealableEvent.class.isAssignableFrom(type.payloadType())) {
                    continue;
                }
                SealableEvent event = (SealableEvent) EventJson.read(record.value(), type.payloadType());
                if (event.sealed() == null) {
                    continue;
                }
                byte[] secret = secretOf(hq, SealedEvents.keyId(event).orElseThrow(), customerId);
                if (secret != null) {
                    opened.put(record, EventJson.write(SealedEvents.open(event, secret)));
                }
            }
        }
        return opened;
    }

    private static byte[] secretOf(Connection hq, UUID keyId, UUID customerId) throws Exception {
        try (PreparedStatement select = hq.prepareStatement(
                "select data_key from customer_data_key where key_id = ? and customer_id = ?")) {
            select.setObject(1, keyId);
            select.setObject(2, customerId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
