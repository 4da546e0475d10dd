package io.customersync.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.flywaydb.core.Flyway;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SyncedAddress;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresServer;

/** The channel databases as channel-service leaves them, and HQ's announcements as hq-service sends them. */
final class ChannelDatabases {

    static final String BOOTSTRAP = KafkaBroker.shared().bootstrapServers();
    private static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(KafkaClientConfigs.producer(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), "distribution-test-hq"));

    record ChannelRow(String status, String accountNumber, String lastName, Timestamp updatedAt, Long hqAddressId,
            boolean distributed) {
    }

    private ChannelDatabases() {
    }

    static Connection connect(String channelId) throws Exception {
        return PostgresServer.shared().connect(ChannelDatabasesResource.CHANNEL_DATABASES.get(channelId));
    }

    /** The customer and its first address in a channel database, or null if it is not there. */
    static ChannelRow row(String channelId, UUID customerId) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement select = db.prepareStatement("""
                        select c.status, c.account_number, c.last_name, c.updated_at, a.hq_address_id, c.distributed
                        from customer c left join customer_address a on a.customer_id = c.id and a.position = 0
                        where c.id = ?""")) {
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? new ChannelRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4),
                        (Long) rs.getObject(5), rs.getBoolean(6)) : null;
            }
        }
    }

    static ChannelRow awaitSynced(String channelId, UUID customerId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> row(channelId, customerId),
                row -> row != null && "SYNCED".equals(row.status()));
    }

    /** Async customers as channel-service saves them, each with one address (id = customer id). */
    static void insertAsyncCustomers(String channelId, List<UUID> customerIds) throws Exception {
        try (Connection db = connect(channelId)) {
            insertAsyncCustomers(db, channelId, customerIds);
        }
    }

    /** The same into the channel database {@code db} is connected to (a channel of a test's own). */
    static void insertAsyncCustomers(Connection db, String channelId, List<UUID> customerIds) throws Exception {
        try (PreparedStatement customer = db.prepareStatement("""
                        insert into customer (id, channel_id, async_customer_number, first_name, last_name, status,
                                              created_at, updated_at)
                        values (?, ?, ?, 'Alan', 'Turing', 'ASYNC', now(), now())""");
                PreparedStatement address = db.prepareStatement("""
                        insert into customer_address (id, customer_id, position, street, city, zip, country, purpose)
                        values (?, ?, 0, '3 Bletchley Rd', 'Houston', '77001', 'US', 'HOME')""")) {
            for (UUID id : customerIds) {
                customer.setObject(1, id);
                customer.setString(2, channelId);
                customer.setString(3, channelId + "-" + id);
                customer.addBatch();
                address.setObject(1, id);
                address.setObject(2, id);
                address.addBatch();
            }
            customer.executeBatch();
            address.executeBatch();
        }
    }

    /** HQ's announcement of a customer created at {@code channelId} whose address id is the customer id. */
    static CustomerSynchronized synced(String channelId, UUID customerId, String accountNumber, String lastName,
            Instant syncedAt) {
        AsyncAddress address = new AsyncAddress(customerId, "3 Bletchley Rd", "Houston", null, "77001", "US", "HOME");
        return new CustomerSynchronized(customerId, channelId, channelId + "-" + customerId, accountNumber,
                List.of(new SyncedAddress(customerId, 70_000L + Math.abs(customerId.hashCode() % 10_000))),
                syncedAt.truncatedTo(ChronoUnit.MICROS),
                new CustomerSnapshot("Alan", lastName, null, null, Map.of(), List.of(address)));
    }

    static CustomerSynchronized synced(String channelId, UUID customerId, String accountNumber) {
        return synced(channelId, customerId, accountNumber, "Turing", Instant.now());
    }

    static void send(UUID eventId, CustomerSynchronized event) {
        try {
            PRODUCER.send(EventRecords.record(EventType.CUSTOMER_SYNCHRONIZED, eventId, event.customerId().toString(),
                    "/hq", Instant.now(), EventJson.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** HQ's announcement that it erased a customer (docs/privacy.md). */
    static void sendErasure(UUID eventId, CustomerErased event) {
        try {
            PRODUCER.send(EventRecords.record(EventType.CUSTOMER_ERASED, eventId, event.customerId().toString(), "/hq",
                    Instant.now(), EventJson.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A channel database of a test's own, made and migrated as a new store's is (channel-schema). */
    static String newChannelDatabase(String database) {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase(database);
        Flyway.configure().dataSource(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD)
                .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
        return database;
    }

    /** Lets a channel database accept connections or not (and drops the ones it has): a store going offline. */
    static void setOnline(String database, boolean online) throws Exception {
        try (Connection admin = PostgresServer.shared().connect("postgres")) {
            admin.createStatement().execute("alter database " + database + " allow_connections " + online);
            if (!online) {
                admin.createStatement().execute("select pg_terminate_backend(pid) from pg_stat_activity"
                        + " where datname = '" + database + "' and pid <> pg_backend_pid()");
            }
        }
    }

    /** A column of a customer's row in a test's own channel database, as text; null without that customer. */
    static String column(String database, UUID customerId, String column) throws Exception {
        try (Connection db = PostgresServer.shared().connect(database);
                PreparedStatement select = db.prepareStatement("select " + column + "::text from customer where id = ?")) {
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void assertAbsent(String channelId, UUID customerId) throws Exception {
        assertTrue(row(channelId, customerId) == null, customerId + " should not be in " + channelId);
    }
}
