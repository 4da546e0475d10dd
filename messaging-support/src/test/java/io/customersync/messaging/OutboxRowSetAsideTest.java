package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.customersync.contracts.EventType;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.TopicReader;

/**
 * A row Kafka refuses for good (larger than a record may be) is set aside, unsent, with why, and the rows after it are
 * published: before, the relay retried that batch for ever and no row after it left the outbox (a customer HQ announces
 * with thousands of addresses passes Kafka's 1 MB).
 */
class OutboxRowSetAsideTest {

    private static final String NOTIFY = "set_aside_test";
    private static final int MAX_REQUEST = 20_000;

    @Test
    void aRowTooLargeForKafkaIsSetAsideAndTheRowsAfterItArePublished() throws Exception {
        PGSimpleDataSource dataSource = TestDatabases.withOutbox("relay_set_aside_test");
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        var connection = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        var config = KafkaClientConfigs.producer(connection, "set-aside-test");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_REQUEST);
        String before = UUID.randomUUID().toString();
        String large = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            TestDatabases.outboxRow(db, before, "{\"test\":true}");
            TestDatabases.outboxRow(db, large, "{\"addresses\":\"" + "x".repeat(MAX_REQUEST) + "\"}");
            TestDatabases.outboxRow(db, after, "{\"test\":true}");
            db.commit();
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            JobHistory history = new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(10));
            OutboxRelay relay = new OutboxRelay(dataSource, producer,
                    new TopicProvisioner(connection, 3, (short) 1, Duration.ofSeconds(5)),
                    List.of(EventType.CUSTOMER_CREATED.topic()), new OutboxRelay.Settings("set-aside relay", NOTIFY, 43L, 100,
                            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500)),
                    history);

            assertEquals(3, relay.publishAll(), "one batch: two published, one set aside");
            assertEquals(2, TopicReader.readUntil(bootstrap, EventType.CUSTOMER_CREATED.topic(),
                    r -> before.equals(r.key()) || after.equals(r.key()), 2, Duration.ofSeconds(20)).size());
            try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement("""
                    select message_key, sent_at, refused_at, refusal from outbox_event
                    where sent_at is null or refused_at is not null""");
                    ResultSet rs = select.executeQuery()) {
                rs.next();
                assertEquals(large, rs.getString(1), "only the large row is left unsent");
                assertEquals(null, rs.getTimestamp(2));
                assertNotNull(rs.getTimestamp(3));
                assertEquals("larger than Kafka takes (max.request.size, the topic's max.message.bytes)", rs.getString(4));
                assertEquals(false, rs.next());
            }
            assertEquals(0, relay.publishAll(), "a row set aside is not taken again");

            try (Connection db = dataSource.getConnection(); var sql = db.createStatement()) {
                sql.executeUpdate("update outbox_event set refused_at = null where message_key = '" + large + "'");
            }
            assertEquals(1, relay.publishAll(), "cleared by ops, it is tried again (and set aside again)");
            assertTrue(refused(dataSource, large));
        }
    }

    private static boolean refused(PGSimpleDataSource dataSource, String key) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(
                "select refused_at is not null and sent_at is null from outbox_event where message_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
