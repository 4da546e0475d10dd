package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.TopicReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The consumer loop against a real broker: poison to the dead-letter topic, passing failures retried. */
class EventConsumerLoopTest {

    private static final String TOPIC = EventType.CUSTOMER_SYNCHRONIZED.topic();

    private final String bootstrap = KafkaBroker.shared().bootstrapServers();
    private final Map<String, Object> connection = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    private final KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(KafkaClientConfigs.producer(connection, "consumer-loop-test"));
    private final List<IncomingEvent> applied = new CopyOnWriteArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private String group;
    private EventConsumerLoop loop;
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        thread.join(10_000);
        producer.close();
    }

    @Test
    void aRecordThatIsNotJsonGoesToTheDeadLetterTopicAndTheNextIsApplied() throws Exception {
        start(events -> applied.addAll(events));
        String poisonKey = UUID.randomUUID().toString();
        String goodKey = UUID.randomUUID().toString();

        String notJson = "{\"email\": ada.lovelace@example.com}";
        send(poisonKey, notJson.getBytes(StandardCharsets.UTF_8));
        send(goodKey, synchronizedBody(goodKey));

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().contains(goodKey));
        var dead = TopicReader.readUntil(bootstrap, Topics.deadLetterOf(TOPIC), r -> poisonKey.equals(r.key()), 1,
                Duration.ofSeconds(20));
        assertEquals(1, dead.size());
        var letter = dead.get(0);
        String reason = TopicReader.header(letter, DeadLetterPublisher.REASON);
        assertTrue(reason.startsWith("body is not a valid"), reason);
        assertTrue(reason.contains("line 1, column"), reason);
        assertFalse(reason.toLowerCase().contains("ada"), "the reason must not quote the body: " + reason);
        assertEquals(TOPIC, TopicReader.header(letter, DeadLetterPublisher.ORIGINAL_TOPIC));
        assertEquals(EventType.CUSTOMER_SYNCHRONIZED.ceType(), TopicReader.header(letter, CloudEventHeaders.TYPE));
        assertEquals(notJson, new String(letter.value(), StandardCharsets.UTF_8));
        assertEquals(false, appliedKeys().contains(poisonKey));
        assertDeadLettersCounted();
    }

    @Test
    void anEventRefusedByTheHandlerIsDeadLetteredAndTheRestOfItsBatchIsApplied() throws Exception {
        String refusedKey = UUID.randomUUID().toString();
        start(events -> {
            if (events.stream().anyMatch(e -> e.key().equals(refusedKey))) {
                throw new PoisonEventException("unknown channel");
            }
            applied.addAll(events);
        });
        String before = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();

        send(before, synchronizedBody(before));
        send(refusedKey, synchronizedBody(refusedKey));
        send(after, synchronizedBody(after));

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().containsAll(List.of(before, after)));
        var dead = TopicReader.readUntil(bootstrap, Topics.deadLetterOf(TOPIC), r -> refusedKey.equals(r.key()), 1,
                Duration.ofSeconds(20));
        assertEquals("unknown channel", TopicReader.header(dead.get(0), DeadLetterPublisher.REASON));
        assertDeadLettersCounted();
    }

    @Test
    void aPassingDatabaseFailureIsRetriedAndTheEventAppliedOnce() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(5);
        List<String> warnings = new CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(FailureStreak.class.getPackageName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (record.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                    warnings.add(record.getLevel() + " " + String.valueOf(record.getMessage()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        start(events -> {
            if (failuresLeft.getAndDecrement() > 0) {
                throw new SQLException("connection refused", "08001");
            }
            applied.addAll(events);
        });
        String key = UUID.randomUUID().toString();

        send(key, synchronizedBody(key));

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().contains(key));
        Thread.sleep(500);
        assertEquals(1, appliedKeys().stream().filter(key::equals).count());
        assertEquals(0, TopicReader.readUntil(bootstrap, Topics.deadLetterOf(TOPIC), r -> key.equals(r.key()), 1,
                Duration.ofSeconds(2)).size());
        assertDeadLettersCounted();
        log.removeHandler(capture);
        // five failures in a row: the first logged, then its end, not a line per retry (an outage's thousands)
        List<String> streak = warnings.stream().filter(line -> line.contains("applying events")).toList();
        assertEquals(2, streak.size(), warnings.toString());
        assertTrue(streak.get(0).startsWith("WARN"), streak.toString());
        assertTrue(streak.get(1).contains("again after 5 failed attempts"), streak.toString());
    }

    @Test
    void aRecordThatComesToAnIdleLoopIsAppliedAtOnceHoweverSoonAfterTheLastBatch() throws Exception {
        // were it gathered with more, it would wait a minute
        start(events -> applied.addAll(events), new EventConsumerLoop.Gathering(Duration.ofMinutes(1), 100));
        for (int i = 0; i < 3; i++) { // each sent the moment the one before was applied
            String key = UUID.randomUUID().toString();

            send(key, synchronizedBody(key));

            await().atMost(Duration.ofSeconds(20)).until(() -> appliedKeys().contains(key));
        }
    }

    @Test
    void aRecordThatCameWhileALoneRecordWasAppliedIsAppliedAtOnce() throws Exception {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch sent = new CountDownLatch(1);
        String first = UUID.randomUUID().toString();
        // the first is applied until the second was sent and fetched; gathered, the second would wait a minute
        start(events -> {
            applied.addAll(events);
            if (events.stream().anyMatch(e -> e.key().equals(first))) {
                busy.countDown();
                sent.await(30, TimeUnit.SECONDS);
                Thread.sleep(1_000); // its fetch comes back meanwhile (else it comes to an idle loop, as any record does)
            }
        }, new EventConsumerLoop.Gathering(Duration.ofMinutes(1), 100));
        caughtUp();
        send(first, synchronizedBody(first));
        assertTrue(busy.await(30, TimeUnit.SECONDS));
        String second = UUID.randomUUID().toString();

        send(second, synchronizedBody(second));
        sent.countDown();

        await().atMost(Duration.ofSeconds(20)).until(() -> appliedKeys().contains(second));
    }

    @Test
    void recordsThatCameWhileWaitingRecordsWereAppliedAreGatheredIntoOneTransaction() throws Exception {
        List<List<String>> batches = new CopyOnWriteArrayList<>();
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        CountDownLatch firstApplied = new CountDownLatch(1);
        CountDownLatch secondSent = new CountDownLatch(1);
        CountDownLatch secondApplied = new CountDownLatch(1);
        CountDownLatch othersSent = new CountDownLatch(1);
        // first (lone) is applied until second waits; second (waiting, applied at once) until the others wait:
        // they are a burst, and gather for 10 s or 3 records
        start(events -> {
            applied.addAll(events);
            batches.add(events.stream().map(IncomingEvent::key).toList());
            if (events.stream().anyMatch(e -> e.key().equals(first))) {
                firstApplied.countDown();
                secondSent.await(30, TimeUnit.SECONDS);
                Thread.sleep(1_000); // its fetch comes back meanwhile (else it comes to an idle loop: lone)
            }
            if (events.stream().anyMatch(e -> e.key().equals(second))) {
                secondApplied.countDown();
                othersSent.await(30, TimeUnit.SECONDS);
                Thread.sleep(1_000);
            }
        }, new EventConsumerLoop.Gathering(Duration.ofSeconds(10), 3));
        caughtUp();
        send(first, synchronizedBody(first));
        assertTrue(firstApplied.await(30, TimeUnit.SECONDS));
        send(second, synchronizedBody(second));
        secondSent.countDown();
        assertTrue(secondApplied.await(30, TimeUnit.SECONDS));
        List<String> keys = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());

        for (String key : keys) {
            send(key, synchronizedBody(key));
        }
        othersSent.countDown();
        String third = UUID.randomUUID().toString();
        Thread.sleep(1_000); // gathering now: the third comes later, and joins them
        send(third, synchronizedBody(third));

        await().atMost(Duration.ofSeconds(30)).until(() -> batches.stream().anyMatch(b -> b.contains(third)));
        List<List<String>> ours = batches.stream().filter(b -> b.contains(keys.get(0)) || b.contains(keys.get(1))
                || b.contains(third)).toList();
        assertEquals(1, ours.size(), "one transaction for the three records: " + ours);
        assertEquals(Set.of(keys.get(0), keys.get(1), third), Set.copyOf(ours.get(0)));
    }

    @Test
    void aLoopStartedInTheGroupOfAStoppedOneGoesOnAfterWhatThatOneApplied() throws Exception {
        start(events -> applied.addAll(events));
        caughtUp();
        String before = UUID.randomUUID().toString();
        send(before, synchronizedBody(before));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().contains(before));
        loop.stop();
        thread.join(10_000);
        String after = UUID.randomUUID().toString();
        send(after, synchronizedBody(after));
        applied.clear();

        start(events -> applied.addAll(events), EventConsumerLoop.Gathering.NONE, group);

        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().contains(after));
        Thread.sleep(500);
        assertEquals(List.of(after), appliedKeys(), "the stopped loop's applied records are not applied again");
    }

    /** The topic is shared and the group new: the loop first reads the tests' records before; then it is idle. */
    private void caughtUp() throws Exception {
        String marker = UUID.randomUUID().toString();
        send(marker, synchronizedBody(marker));
        await().atMost(Duration.ofSeconds(30)).until(() -> appliedKeys().contains(marker));
    }

    private void start(EventHandler handler) {
        start(handler, EventConsumerLoop.Gathering.NONE);
    }

    private void start(EventHandler handler, EventConsumerLoop.Gathering gathering) {
        start(handler, gathering, "loop-test-" + UUID.randomUUID());
    }

    private void start(EventHandler handler, EventConsumerLoop.Gathering gathering, String group) {
        this.group = group;
        var consumer = new KafkaConsumer<String, byte[]>(KafkaClientConfigs.consumer(connection, group, group));
        var topics = new TopicProvisioner(connection, 3, (short) 1, Duration.ofSeconds(5));
        loop = new EventConsumerLoop(consumer, new DeadLetterPublisher(producer, group, Duration.ofSeconds(10),
                meters, TOPIC),
                topics, handler, new EventConsumerLoop.Settings("test loop", TOPIC, Duration.ofMillis(200),
                        Duration.ofMillis(50), Duration.ofMillis(200), gathering));
        EventConsumerLoop started = loop;
        thread = new Thread(() -> started.run(() -> {
        }), "loop-test");
        thread.start();
    }

    /** customersync_dead_letters_total{topic} counts what this test's loop sent to the dead-letter topic (the
     * topic is shared: each loop also dead-letters the poison of the tests before it). */
    private void assertDeadLettersCounted() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            int sent = TopicReader.readUntil(bootstrap, Topics.deadLetterOf(TOPIC),
                    r -> group.equals(TopicReader.header(r, DeadLetterPublisher.CONSUMER_GROUP)), Integer.MAX_VALUE,
                    Duration.ofSeconds(3)).size();
            assertEquals(sent, meters.get("customersync.dead_letters").tag("topic", TOPIC).counter().count());
        });
    }

    private List<String> appliedKeys() {
        return applied.stream().map(IncomingEvent::key).toList();
    }

    private void send(String key, byte[] body) throws Exception {
        producer.send(EventRecords.record(EventType.CUSTOMER_SYNCHRONIZED, UUID.randomUUID(), key, "/test",
                Instant.now(), body)).get();
    }

    private static byte[] synchronizedBody(String customerId) {
        return EventJson.write(new CustomerSynchronized(UUID.fromString(customerId), "HOUSTON", "HOUSTON-1",
                "C000001", List.of(), Instant.now(), null));
    }
}
