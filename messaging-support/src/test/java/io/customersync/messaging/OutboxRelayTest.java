package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.FreePorts;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresServer;
import io.customersync.testsupport.TopicReader;

/** The relay against a real PostgreSQL and a real broker. */
class OutboxRelayTest {

    private static final String NOTIFY = "outbox_test";
    private static PGSimpleDataSource dataSource;

    private OutboxRelay relay;
    private Thread relayThread;
    private KafkaProducer<String, byte[]> producer;
    private JobHistory history;

    @BeforeAll
    static void database() {
        dataSource = TestDatabases.withOutbox("relay_test");
    }

    @Test
    void runNowPublishesWhatWaitsWithoutANotifyAndTheLoopsBatchesGoToTheHistory() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        startRelay(bootstrap);
        String notified = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, notified);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
        try (Connection connection = dataSource.getConnection(); var sql = connection.createStatement()) {
            // rows without a NOTIFY: nothing wakes the relay
            for (int i = 0; i < 3; i++) {
                sql.execute("insert into outbox_event (event_id, event_type, topic, message_key, source, occurred_at, payload)"
                        + " values (gen_random_uuid(), '" + EventType.CUSTOMER_CREATED.ceType() + "', '"
                        + EventType.CUSTOMER_CREATED.topic() + "', 'silent', '/test', now(), '{}')");
            }
        }
        Thread.sleep(500);
        assertEquals(3, unsentRows(), "nothing woke the relay (its idle wait is 30 s)");

        assertEquals(3, relay.drainNow(Duration.ofSeconds(20)));

        assertEquals(0, unsentRows());
        relay.stop();
        relayThread.join(10_000);
        history.flush("test relay");
        var rows = new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(1)).recent("test relay", 10);
        assertTrue(rows.stream().anyMatch(run -> run.trigger().equals("CONTINUOUS") && run.processed() >= 1),
                "the notified batch is in the summary: " + rows);
    }

    @AfterEach
    void stopRelay() throws InterruptedException {
        if (relay != null) {
            relay.stop();
            relayThread.join(10_000);
            producer.close(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRowWhoseTransactionCommitsLateIsStillPublished() throws Exception {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        startRelay(bootstrap);
        String lateKey = UUID.randomUUID().toString();
        String earlyKey = UUID.randomUUID().toString();

        try (Connection late = dataSource.getConnection()) {
            late.setAutoCommit(false);
            insert(late, lateKey); // gets the smaller id, commits last
            try (Connection early = dataSource.getConnection()) {
                insert(early, earlyKey);
            }
            assertEquals(1, TopicReader.readUntil(bootstrap, EventType.CUSTOMER_CREATED.topic(),
                    r -> earlyKey.equals(r.key()), 1, Duration.ofSeconds(20)).size());
            late.commit();
        }

        var published = TopicReader.readUntil(bootstrap, EventType.CUSTOMER_CREATED.topic(),
                r -> lateKey.equals(r.key()), 1, Duration.ofSeconds(20));
        assertEquals(1, published.size());
        var record = published.get(0);
        assertEquals(EventType.CUSTOMER_CREATED.ceType(), TopicReader.header(record, CloudEventHeaders.TYPE));
        assertEquals("/test", TopicReader.header(record, CloudEventHeaders.SOURCE));
        assertEquals(lateKey, TopicReader.header(record, CloudEventHeaders.SUBJECT));
        await().atMost(Duration.ofSeconds(10)).until(() -> unsentRows() == 0);
    }

    @Test
    void rowsWaitWhileKafkaIsDownAndArePublishedWhenItIsBack() throws Exception {
        int port = FreePorts.pair();
        Path logs = Files.createTempDirectory("kafka-down-test");
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        KafkaBroker broker = KafkaBroker.start(port, logs, clusterId);
        String bootstrap = broker.bootstrapServers();
        startRelay(bootstrap);
        String before = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, before);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unsentRows() == 0);

        broker.close();
        String during = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, during); // the business transaction commits although Kafka is down
        }
        Thread.sleep(2_000);
        assertEquals(1, unsentRows(), "the row waits while Kafka is down");
        await().atMost(Duration.ofSeconds(30)).until(() -> history.recent("test relay", 50).stream()
                .anyMatch(run -> run.failure() != null));

        try (KafkaBroker back = KafkaBroker.start(port, logs, clusterId)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> unsentRows() == 0);
            assertEquals(1, TopicReader.readUntil(back.bootstrapServers(), EventType.CUSTOMER_CREATED.topic(),
                    r -> during.equals(r.key()), 1, Duration.ofSeconds(20)).size());
            stopRelay();
            relay = null;
        }
    }

    @Test
    void rowsThatComeWhileTheRelayIsBusyAreGatheredIntoOneBatch() throws Exception {
        // quiet 1 h: every batch after the first counts as busy; linger 3 s gathers what commits meanwhile
        startRelay(KafkaBroker.shared().bootstrapServers(),
                new BatchLinger(Duration.ofHours(1), Duration.ofSeconds(3), 64));
        String first = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, first);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
        // the relay goes back to waiting: the first row's NOTIFY, if its first batch took the row before hearing it,
        // finds nothing (heard while the second row commits, it would publish that row alone, at once)
        Thread.sleep(300);
        String second = UUID.randomUUID().toString();
        String third = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, second);
            Thread.sleep(300); // without the linger, the relay publishes the second row alone meanwhile
            insert(connection, third);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
        assertEquals(sentAt(second), sentAt(third), "one batch, one transaction, one sent_at");
        assertTrue(sentAt(first).isBefore(sentAt(second)), "the first row was published at once, alone");
    }

    @Test
    void rowsThatComeAfterTheQuietArePublishedAtOnce() throws Exception {
        // linger 1 h: a row that waited for it would not be published within the test
        startRelay(KafkaBroker.shared().bootstrapServers(),
                new BatchLinger(Duration.ofMillis(200), Duration.ofHours(1), 64));
        for (int i = 0; i < 2; i++) {
            Thread.sleep(400); // longer than the quiet since the last batch
            try (Connection connection = dataSource.getConnection()) {
                insert(connection, UUID.randomUUID().toString());
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
        }
    }

    @Test
    void aBacklogIsNotHeldBack() throws Exception {
        // busy for ever after the first batch, linger 1 h: only the rows waiting (3 or more) let it go at once
        startRelay(KafkaBroker.shared().bootstrapServers(), new BatchLinger(Duration.ofHours(1), Duration.ofHours(1), 3));
        try (Connection connection = dataSource.getConnection()) {
            insert(connection, UUID.randomUUID().toString());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 3; i++) {
                insert(connection, UUID.randomUUID().toString()); // one transaction, one NOTIFY when it commits
            }
            connection.commit();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> unsentRows() == 0);
    }

    private void startRelay(String bootstrap) {
        startRelay(bootstrap, BatchLinger.NONE);
    }

    private void startRelay(String bootstrap, BatchLinger batching) {
        var connection = java.util.Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        var config = KafkaClientConfigs.producer(connection, "relay-test");
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
        producer = new KafkaProducer<>(config);
        history = new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(10));
        var topics = new TopicProvisioner(connection, 3, (short) 1, Duration.ofSeconds(5));
        relay = new OutboxRelay(dataSource, producer, topics, List.of(EventType.CUSTOMER_CREATED.topic()),
                new OutboxRelay.Settings("test relay", NOTIFY, 42L, 100, Duration.ofSeconds(30),
                        Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(500), batching), history);
        OutboxRelay started = relay;
        relayThread = new Thread(() -> started.run(() -> {
        }), "relay-test");
        relayThread.start();
    }

    /** Writes an outbox row and its NOTIFY, as a service's transaction does. */
    @Test
    void aPublicationMarkIsCommittedWithoutWaitingForTheDisk() throws Exception {
        int marks = 50;
        int notOnDiskYet = 0;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < marks; i++) {
                insert(connection, "mark-" + i);
            }
            connection.commit();
            for (int i = 0; i < marks; i++) {
                OutboxEvents.takeUnsent(connection, 1);
                connection.commit();
                notOnDiskYet += walNotFlushed(connection) ? 1 : 0;
            }
        }
        // a durable commit returns only once its WAL is flushed; the WAL writer flushes these within 200 ms
        assertTrue(notOnDiskYet >= marks / 2, notOnDiskYet + " of " + marks + " marks returned before their WAL was on disk");
        assertEquals(0, unsentRows(), "every mark is there");
    }

    /** Whether WAL written so far (the last commit's included) is not yet flushed to disk. */
    private static boolean walNotFlushed(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select pg_current_wal_flush_lsn() < pg_current_wal_insert_lsn()");
                ResultSet rs = select.executeQuery()) {
            rs.next();
            boolean notFlushed = rs.getBoolean(1);
            connection.commit();
            return notFlushed;
        }
    }

    private static void insert(Connection connection, String key) throws SQLException {
        TestDatabases.outboxRow(connection, key, "{\"test\":true}");
        try (PreparedStatement notify = connection.prepareStatement("select pg_notify(?, '')")) {
            notify.setString(1, NOTIFY);
            notify.execute();
        }
    }

    private static Instant sentAt(String key) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select sent_at from outbox_event where message_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).toInstant();
            }
        }
    }

    private static long unsentRows() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from outbox_event where sent_at is null");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
