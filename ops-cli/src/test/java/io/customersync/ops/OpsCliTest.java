package io.customersync.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.DistributedCustomer;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.TopicReader;

/** The watch and replay commands against a real broker. */
class OpsCliTest {

    private static KafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void startBroker() throws Exception {
        java.util.logging.Logger.getLogger("org.apache.kafka").setLevel(java.util.logging.Level.WARNING);
        broker = KafkaBroker.shared();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            List<NewTopic> topics = new java.util.ArrayList<>();
            for (String topic : Topics.ALL) {
                topics.add(new NewTopic(topic, 2, (short) 1));
                topics.add(new NewTopic(Topics.deadLetterOf(topic), 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void watchPrintsTheThreeEventsOfOneCustomerWithoutPersonalData() throws Exception {
        UUID customer = UUID.randomUUID();
        Instant now = Instant.now();
        send(EventType.CUSTOMER_CREATED, customer.toString(), "/channels/HOUSTON", new CustomerCreated(customer,
                "HOUSTON", "HOU-000042", "Ada", "Lovelace", "ada@example.com", "+1 555 0100", null, null, now));
        send(EventType.CUSTOMER_SYNCHRONIZED, customer.toString(), "/hq", new CustomerSynchronized(customer, "HOUSTON",
                "HOU-000042", "C000042", null, now, null));
        send(EventType.CUSTOMERS_DISTRIBUTED, "HOUSTON", "/distribution", new CustomersDistributed("HOUSTON", 7,
                List.of(new DistributedCustomer(customer, "HOUSTON", "C000042", false)), now));
        send(EventType.CUSTOMERS_DISTRIBUTED, "ONLINE", "/distribution", new CustomersDistributed("ONLINE", 8,
                List.of(new DistributedCustomer(customer, "HOUSTON", "C000042", true)), now));

        String all = watch("--customer", customer.toString());
        List<String> lines = all.lines().filter(l -> l.contains(customer.toString())).toList();
        assertEquals(4, lines.size(), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("channel.customer.created.v1") && l.contains("HOUSTON")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("hq.customer.synchronized.v1") && l.contains("account=C000042")),
                all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("distribution.customers.distributed.v1")
                && l.contains("HOUSTON ") && !l.contains("copy")), all);
        assertTrue(lines.stream().anyMatch(l -> l.contains("ONLINE") && l.contains("copy from HOUSTON")), all);
        assertFalse(all.contains("Lovelace") || all.contains("ada@example.com") || all.contains("555"), all);

        String onlyHouston = watch("--customer", customer.toString(), "--channel", "HOUSTON", "--type", "distributed");
        assertEquals(1, onlyHouston.lines().filter(l -> l.contains(customer.toString())).count(), onlyHouston);
    }

    @Test
    void aDeadLetterIsReplayedToItsTopicWithItsKeyAndEventIdAndACorrectedBody(@TempDir Path dir) throws Exception {
        String key = UUID.randomUUID().toString();
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, "event-1".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.CUSTOMER_CREATED.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add("dlt_reason", "missing channelId".getBytes(StandardCharsets.UTF_8));
        headers.add("dlt_original_topic", Topics.CUSTOMER_UPLOADS.getBytes(StandardCharsets.UTF_8));
        var dead = producer.send(new ProducerRecord<>(Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS), null, key,
                "{\"broken\":true}".getBytes(StandardCharsets.UTF_8), headers)).get();
        Path corrected = Files.writeString(dir.resolve("fixed.json"), "{\"fixed\":true}");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OpsCli.run(new String[] { "replay", "--bootstrap", broker.bootstrapServers(), "--topic",
                dead.topic(), "--partition", Integer.toString(dead.partition()), "--offset",
                Long.toString(dead.offset()), "--value-file", corrected.toString() }, new PrintStream(out), System.err);

        assertEquals(0, exit, out.toString());
        List<ConsumerRecord<String, byte[]>> replayed = TopicReader.readUntil(broker.bootstrapServers(),
                Topics.CUSTOMER_UPLOADS, r -> key.equals(r.key()), 1, Duration.ofSeconds(30));
        assertEquals(1, replayed.size());
        assertEquals("{\"fixed\":true}", new String(replayed.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("event-1", TopicReader.header(replayed.get(0), CloudEventHeaders.ID));
        assertEquals(null, TopicReader.header(replayed.get(0), "dlt_reason"), "the dead-letter headers stay behind");
        assertTrue(out.toString().contains("reason was: missing channelId"), out.toString());
    }

    /** A watch of a broker that does not answer says so and fails, instead of watching silence (found by probing). */
    @Test
    void aWatchOfABrokerThatDoesNotAnswerSaysSoAndFails() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String nowhere = "localhost:" + io.customersync.testsupport.FreePorts.any();
        assertEquals(1, OpsCli.run(new String[] { "watch", "--bootstrap", nowhere, "--seconds", "4" },
                new PrintStream(out), new PrintStream(err)));
        assertTrue(err.toString().contains("the broker at " + nowhere + " does not answer"), err.toString());
        assertTrue(err.toString().contains("never answered"), err.toString());
        assertTrue(out.toString().isEmpty(), out.toString());
    }

    @Test
    void wrongArgumentsAreExplainedNotThrown() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, OpsCli.run(new String[] { "replay", "--topic", Topics.CUSTOMER_UPLOADS }, System.out,
                new PrintStream(err)));
        assertTrue(err.toString().contains("dead-letter topic"), err.toString());
        assertEquals(2, OpsCli.run(new String[] { "tail" }, System.out, new PrintStream(err)));
    }

    private static void send(EventType type, String key, String source, Object payload) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, type.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(type.topic(), null, key, EventJson.write(payload), headers)).get();
    }

    /** Runs the watch from the beginning until the output stops growing. */
    private static String watch(String... filters) throws Exception {
        String[] args = new String[filters.length + 3];
        args[0] = "--bootstrap";
        args[1] = broker.bootstrapServers();
        args[2] = "--from-beginning";
        System.arraycopy(filters, 0, args, 3, filters.length);
        TopicWatch watch = TopicWatch.fromArguments(Arguments.parse(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AtomicBoolean stop = new AtomicBoolean();
        Thread thread = new Thread(() -> watch.run(new PrintStream(out, true), System.err, stop::get));
        thread.start();
        Thread.sleep(8_000);
        stop.set(true);
        thread.join();
        return out.toString(StandardCharsets.UTF_8);
    }
}
