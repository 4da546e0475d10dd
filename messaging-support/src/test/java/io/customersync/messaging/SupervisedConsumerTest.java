package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.KafkaBroker;

/**
 * A service's consumer on a real broker, broken on purpose: its {@code poll()} throws (the thread is
 * interrupted, Kafka's {@code InterruptException}). It used to end for good; now a new consumer
 * takes over and goes on from the committed offset.
 */
class SupervisedConsumerTest {

    private static final String TOPIC = EventType.CUSTOMER_SYNCHRONIZED.topic();

    record ConsumerSettings(String groupId, Duration pollTimeout, Duration sessionTimeout, Duration retryInitial,
            Duration retryMax, Duration deadLetterTimeout, Duration stopGrace, Duration linger, int lingerRecords)
            implements PipelineConfig.Consumer {
    }

    record TopicSettings(int partitions, short replicationFactor, Duration adminTimeout) implements PipelineConfig.Topics {
    }

    private final Map<String, Object> connection = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            KafkaBroker.shared().bootstrapServers());
    private final KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(KafkaClientConfigs.producer(connection, "supervised-consumer-test"));
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final Workers workers = TestWorkers.create();
    private EventConsumerRunner runner;

    @AfterEach
    void stop() {
        runner.stop();
        producer.close();
    }

    @Test
    void aConsumerWhosePollThrowsIsReplacedAndConsumesOn() throws Exception {
        String name = "supervised-" + UUID.randomUUID();
        runner = new EventConsumerRunner(connection, new TopicSettings(3, (short) 1, Duration.ofSeconds(5)),
                new ConsumerSettings(name, Duration.ofMillis(200), Duration.ofSeconds(6), Duration.ofMillis(50),
                        Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, 10),
                name, TOPIC, events -> events.forEach(event -> applied.add(event.key())), workers);
        runner.start();
        String before = send();
        await().atMost(Duration.ofSeconds(30)).until(() -> applied.contains(before));
        assertTrue(meterNamed("kafka.consumer."), "the consumer's metrics are bound");
        assertTrue(meterNamed("kafka.producer."), "the dead-letter producer's metrics are bound");

        Thread.sleep(500); // its offset committed: the loop waits in poll()
        workerThread("consumer:" + name).interrupt(); // poll() throws InterruptException

        await().atMost(Duration.ofSeconds(10)).until(() -> report().restarts() == 1);
        String after = send();
        await().atMost(Duration.ofSeconds(60)).until(() -> applied.contains(after));
        assertEquals(Workers.Condition.RUNNING, report().condition());
        assertEquals("InterruptException", report().lastFailure());
        assertEquals(1, applied.stream().filter(before::equals).count(), "the new consumer starts after the committed offset");
        assertTrue(meterNamed("kafka.consumer."), "the new consumer's metrics are bound");
    }

    private boolean meterNamed(String prefix) {
        return workers.meters().getMeters().stream().anyMatch(m -> m.getId().getName().startsWith(prefix));
    }

    private Workers.Report report() {
        return workers.reports().get(0);
    }

    private static Thread workerThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow();
    }

    private String send() throws Exception {
        String key = UUID.randomUUID().toString();
        producer.send(EventRecords.record(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), key, "/test",
                Instant.now(), EventJson.write(new CustomerSynchronized(UUID.fromString(key), "HOUSTON", "HOUSTON-1",
                        "C000001", List.of(), Instant.now(), null)))).get();
        return key;
    }
}
