package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.TopicReader;

/**
 * Poison on every consumed topic (not JSON, a type of another topic, an unknown version, a huge
 * body): each record goes to the dead-letter topic with its reason, and the consumers keep going.
 */
class PoisonRecordsSystemIT {

    private static final int HUGE = 900 * 1024;

    @Test
    void everyPoisonRecordIsDeadLetteredAndThePipelineGoesOn() throws Exception {
        String bootstrap = RunningSystem.get().kafkaBootstrapServers();
        Map<String, String> consumedBy = Map.of(Topics.CUSTOMER_UPLOADS, "hq-service", Topics.CUSTOMER_SYNC,
                "distribution-service");
        Map<String, Set<String>> sent = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * HUGE), new StringSerializer(), new ByteArraySerializer())) {
            for (String topic : consumedBy.keySet()) {
                EventType own = topic.equals(Topics.CUSTOMER_UPLOADS) ? EventType.CUSTOMER_CREATED
                        : EventType.CUSTOMER_SYNCHRONIZED;
                EventType foreign = own == EventType.CUSTOMER_CREATED ? EventType.CUSTOMER_SYNCHRONIZED
                        : EventType.CUSTOMER_CREATED;
                Map<String, byte[]> poisons = new LinkedHashMap<>();
                Map<String, String> types = new LinkedHashMap<>();
                poisons.put("not-json", "this is not { json".getBytes(StandardCharsets.UTF_8));
                types.put("not-json", own.ceType());
                poisons.put("wrong-type", "{}".getBytes(StandardCharsets.UTF_8));
                types.put("wrong-type", foreign.ceType());
                poisons.put("unknown-version", "{}".getBytes(StandardCharsets.UTF_8));
                types.put("unknown-version", own.ceType().replace(".v1", ".v9"));
                poisons.put("huge", ("[\"" + "x".repeat(HUGE) + "\"]").getBytes(StandardCharsets.UTF_8));
                types.put("huge", own.ceType());
                Set<String> keys = new java.util.HashSet<>();
                for (var poison : poisons.entrySet()) {
                    String key = poison.getKey() + "-" + UUID.randomUUID();
                    keys.add(key);
                    producer.send(new ProducerRecord<>(topic, null, key, poison.getValue(),
                            headers(types.get(poison.getKey()), key))).get();
                }
                sent.put(topic, keys);
            }
        }

        for (var topic : sent.entrySet()) {
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(bootstrap, Topics.deadLetterOf(topic.getKey()),
                    r -> topic.getValue().contains(r.key()), topic.getValue().size(), Duration.ofSeconds(90));
            assertEquals(topic.getValue(), dead.stream().map(ConsumerRecord::key).collect(Collectors.toSet()),
                    consumedBy.get(topic.getKey()) + " dead-letters every poison record of " + topic.getKey());
            dead.forEach(record -> {
                assertNotNull(TopicReader.header(record, "dlt_reason"), record.key());
                assertEquals(topic.getKey(), TopicReader.header(record, "dlt_original_topic"));
            });
        }

        UUID after = idOf(postCustomer("HOUSTON", HOUSTON_POS, "AfterPoison"));
        await().atMost(Duration.ofSeconds(60)).until(() -> accountNumbers("channel_houston", List.of(after)).size() == 1);
    }

    private static RecordHeaders headers(String type, String key) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, type.getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/poison".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SUBJECT, key.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
