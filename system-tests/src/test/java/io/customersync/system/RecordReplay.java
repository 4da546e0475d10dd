package io.customersync.system;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.Topics;

/**
 * A customer's old records sent to their topics again after its erasure, with a plain Kafka producer, as
 * a replay or an offset reset does (docs/privacy.md, "Nothing older brings the data back"). Captured
 * before the erasure, with their values opened with HQ's keys while they still existed; sent again
 * <ul>
 * <li>exactly as they were (same key, value and headers, so the same {@code ce_id});</li>
 * <li>with a new event id each, as once the consumers' {@code processed_event} rows are purged by retention;</li>
 * <li>opened (plaintext), with a new event id each, as the same records written before the topics were sealed;</li>
 * <li>through each dead-letter topic: a copy written there and replayed by distribution
 * ({@code POST /api/v1/pipeline/dead-letters/{topic}/{partition}/{offset}/replay}).</li>
 * </ul>
 */
final class RecordReplay {

    private final UUID customerId;
    private final List<ConsumerRecord<String, byte[]>> records;
    private final Map<ConsumerRecord<String, byte[]>, byte[]> opened;

    private RecordReplay(UUID customerId, List<ConsumerRecord<String, byte[]>> records,
            Map<ConsumerRecord<String, byte[]>, byte[]> opened) {
        this.customerId = customerId;
        this.records = records;
        this.opened = opened;
    }

    /** The customer's records of these topic reads (keyed by its id), opened with HQ's keys now. */
    @SafeVarargs
    static RecordReplay capture(UUID customerId, List<ConsumerRecord<String, byte[]>>... topics) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (List<ConsumerRecord<String, byte[]>> topic : topics) {
            topic.stream().filter(r -> customerId.toString().equals(r.key())).forEach(records::add);
        }
        return new RecordReplay(customerId, records, new LinkedHashMap<>(SealedRecords.openWithHqsKeys(records, customerId)));
    }

    /** The records captured, and how many of them were sealed (opened with HQ's keys). */
    String describe() {
        return records.size() + " records of " + customerId + ", " + opened.size() + " of them sealed";
    }

    List<ConsumerRecord<String, byte[]>> records() {
        return records;
    }

    /** Sends every captured record again in the four ways above; returns how many records were sent. */
    int sendAgain() throws Exception {
        int sent = 0;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                RunningSystem.get().kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : records) {
                producer.send(copy(record, record.topic(), record.value(), false)).get();
                producer.send(copy(record, record.topic(), record.value(), true)).get();
                sent += 2;
            }
            for (var entry : opened.entrySet()) {
                producer.send(copy(entry.getKey(), entry.getKey().topic(), entry.getValue(), true)).get();
                sent++;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                RecordMetadata dead = producer.send(copy(record, Topics.deadLetterOf(record.topic()), record.value(),
                        false)).get();
                OpsCalls.distribution("POST", "/api/v1/pipeline/dead-letters/" + dead.topic() + "/" + dead.partition()
                        + "/" + dead.offset() + "/replay", null, 200);
                sent++;
            }
        }
        return sent;
    }

    /**
     * Waits until HQ's and distribution's consumer groups have committed past every record (their lag is 0)
     * and distribution has no delivery of the customer left to make.
     */
    void awaitPassed() throws Exception {
        new OffsetReset(RunningSystem.get()).awaitCaughtUp(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Long.valueOf(0).equals(
                RunningSystem.queryOne("distribution", "select count(*) from pending_delivery where customer_id = ? "
                        + "and delivered_at is null", customerId)));
    }

    /** How many copies {@link #sendAgain} writes to the dead-letter topic (one per captured record of its topic). */
    long copiesTo(String deadLetterTopic) {
        return records.stream().filter(r -> Topics.deadLetterOf(r.topic()).equals(deadLetterTopic)).count();
    }

    /** The customer's records in the topic now (keyed by its id). */
    long inTopic(String topic) throws Exception {
        return SealedRecords.everyRecord(topic).stream().filter(r -> customerId.toString().equals(r.key())).count();
    }

    private static ProducerRecord<String, byte[]> copy(ConsumerRecord<String, byte[]> record, String topic, byte[] value,
            boolean newEventId) {
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(header -> {
            if (!newEventId || !CloudEventHeaders.ID.equals(header.key())) {
                headers.add(header);
            }
        });
        if (newEventId) {
            headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(topic, null, record.key(), value, headers);
    }
}
