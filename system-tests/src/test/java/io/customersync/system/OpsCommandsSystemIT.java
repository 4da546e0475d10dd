package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static org.awaitility.Awaitility.await;
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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.ops.OpsCli;
import io.customersync.testsupport.TopicReader;

/** ./run.sh watch and ./run.sh replay against the running system. */
class OpsCommandsSystemIT {

    @Test
    void watchPrintsTheThreeEventsOfOneCustomer() throws Exception {
        LocalSystem system = RunningSystem.get();
        UUID customer = idOf(postCustomer("HOUSTON", HOUSTON_POS, "Watched"));
        await().atMost(Duration.ofSeconds(60)).until(() -> accountNumbers("channel_houston", List.of(customer)).size() == 1);
        String account = accountNumbers("channel_houston", List.of(customer)).get(0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OpsCli.run(new String[] { "watch", "--bootstrap", system.kafkaBootstrapServers(), "--from-beginning",
                "--customer", customer.toString(), "--seconds", "10" }, new PrintStream(out, true), System.err);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, printed);
        List<String> lines = printed.lines().filter(l -> l.contains(customer.toString())).toList();
        assertTrue(lines.stream().anyMatch(l -> l.contains("channel.customer.created.v1") && l.contains("HOUSTON")), printed);
        assertTrue(lines.stream().anyMatch(l -> l.contains("hq.customer.synchronized.v1") && l.contains(account)), printed);
        assertTrue(lines.stream().anyMatch(l -> l.contains("distribution.customers.distributed.v1")
                && l.contains("HOUSTON") && l.contains(account)), printed);
        assertFalse(printed.contains("Watched") || printed.contains("watched@example.com"), "no personal data: " + printed);
    }

    @Test
    void aDeadLetterIsReplayedAfterItWasFixedAndHqTakesIt(@TempDir Path dir) throws Exception {
        LocalSystem system = RunningSystem.get();
        String bootstrap = system.kafkaBootstrapServers();
        UUID customer = UUID.randomUUID();
        String fixed = """
                {"customerId":"%s","channelId":"HOUSTON","asyncCustomerNumber":"HOUSTON-REPLAY-1",
                 "firstName":"Re","lastName":"Played","email":"replayed@example.com","createdAt":"%s"}"""
                .formatted(customer, Instant.now());
        String broken = fixed.replace("\"asyncCustomerNumber\":\"HOUSTON-REPLAY-1\",", "");
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEventHeaders.ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TYPE, EventType.CUSTOMER_CREATED.ceType().getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.SOURCE, "/channels/HOUSTON".getBytes(StandardCharsets.UTF_8));
        headers.add(CloudEventHeaders.TIME, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        try (var producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CUSTOMER_UPLOADS, null, customer.toString(),
                    broken.getBytes(StandardCharsets.UTF_8), headers)).get();
        }
        List<ConsumerRecord<String, byte[]>> dead = TopicReader.readUntil(bootstrap,
                Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS), r -> customer.toString().equals(r.key()), 1,
                Duration.ofSeconds(60));
        assertEquals(1, dead.size(), "HQ dead-letters the upload it cannot read");
        assertEquals(null, RunningSystem.queryOne("hq",
                "select status from async_customer_staging where customer_id = ?", customer));

        Path corrected = Files.writeString(dir.resolve("fixed.json"), fixed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OpsCli.run(new String[] { "replay", "--bootstrap", bootstrap, "--topic", dead.get(0).topic(),
                "--partition", Integer.toString(dead.get(0).partition()), "--offset",
                Long.toString(dead.get(0).offset()), "--value-file", corrected.toString() }, new PrintStream(out), System.err);

        assertEquals(0, exit, out.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> "SYNCED".equals(RunningSystem.queryOne("hq",
                "select status from async_customer_staging where customer_id = ?", customer)));
    }
}
