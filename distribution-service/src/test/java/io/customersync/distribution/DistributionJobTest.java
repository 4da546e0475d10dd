package io.customersync.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SyncedAddress;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.PendingDelivery;
import io.customersync.messaging.DeadLetterPublisher;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresServer;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** HQ's sync events through the real broker into real channel databases. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class DistributionJobTest {

    private static final String BOOTSTRAP = KafkaBroker.shared().bootstrapServers();
    private static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(KafkaClientConfigs.producer(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), "distribution-test-hq"));

    private record ChannelRow(String status, String accountNumber, Timestamp updatedAt, Long hqAddressId) {
    }

    @AfterAll
    static void closeProducer() {
        PRODUCER.close();
    }

    @Test
    void theAccountNumberReachesTheOriginatingChannelDatabase() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID addressId = UUID.randomUUID();
        insertAsyncCustomer("HOUSTON", customerId, addressId);

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C100001", addressId, 77L));

        ChannelRow row = awaitSynced("HOUSTON", customerId);
        assertEquals("C100001", row.accountNumber());
        assertEquals(77L, row.hqAddressId());
    }

    @Test
    void redeliveredEventsChangeNothing() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID addressId = UUID.randomUUID();
        insertAsyncCustomer("ONLINE", customerId, addressId);
        CustomerSynchronized event = synced("ONLINE", customerId, "C100002", addressId, 78L);
        UUID eventId = UUID.randomUUID();
        send(eventId, event);
        ChannelRow first = awaitSynced("ONLINE", customerId);

        send(eventId, event); // the same event again
        UUID againId = UUID.randomUUID();
        send(againId, event); // the same news under a new event id (HQ relay crashed after publishing)
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(againId));

        assertEquals(first, channelRow("ONLINE", customerId));
        assertEquals(1L, (long) QuarkusTransaction.requiringNew()
                .call(() -> PendingDelivery.count("eventId", eventId)));
    }

    @Test
    void aChannelDatabaseThatIsDownDelaysOnlyItsOwnChannel() throws Exception {
        UUID offlineCustomer = UUID.randomUUID();
        UUID offlineEvent = UUID.randomUUID();
        send(offlineEvent, synced("OFFLINE", offlineCustomer, "C100003", UUID.randomUUID(), 79L));
        UUID customerId = UUID.randomUUID();
        UUID addressId = UUID.randomUUID();
        insertAsyncCustomer("HOUSTON", customerId, addressId);

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C100004", addressId, 80L));

        awaitSynced("HOUSTON", customerId);
        PendingDelivery waiting = await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> PendingDelivery.<PendingDelivery> find("eventId", offlineEvent).firstResult()),
                d -> d != null && d.attempts >= 1);
        assertEquals(null, waiting.deliveredAt);
        assertTrue(waiting.lastError.startsWith("channel database unavailable"), waiting.lastError);
        assertTrue(waiting.nextAttemptAt.isAfter(Instant.now().minusSeconds(1)));
    }

    @Test
    void anEventForAChannelOutsideTheRegistryIsDeadLettered() {
        UUID customerId = UUID.randomUUID();
        send(UUID.randomUUID(), synced("NOWHERE", customerId, "C100005", UUID.randomUUID(), 81L));

        var dead = TopicReader.readUntil(BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                r -> r.key().equals(customerId.toString()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        assertEquals("channel NOWHERE is not in the channel registry",
                TopicReader.header(dead.get(0), DeadLetterPublisher.REASON));
    }

    private static boolean delivered(UUID eventId) {
        PendingDelivery delivery = QuarkusTransaction.requiringNew()
                .call(() -> PendingDelivery.<PendingDelivery> find("eventId", eventId).firstResult());
        return delivery != null && delivery.deliveredAt != null;
    }

    private static ChannelRow awaitSynced(String channelId, UUID customerId) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> channelRow(channelId, customerId),
                row -> "SYNCED".equals(row.status()));
    }

    private static ChannelRow channelRow(String channelId, UUID customerId) throws Exception {
        try (Connection db = channelDatabase(channelId);
                PreparedStatement select = db.prepareStatement("""
                        select c.status, c.account_number, c.updated_at, a.hq_address_id
                        from customer c join customer_address a on a.customer_id = c.id where c.id = ?""")) {
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                return new ChannelRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3),
                        (Long) rs.getObject(4));
            }
        }
    }

    /** An async customer as channel-service saves it. */
    private static void insertAsyncCustomer(String channelId, UUID customerId, UUID addressId) throws Exception {
        try (Connection db = channelDatabase(channelId)) {
            try (PreparedStatement customer = db.prepareStatement("""
                    insert into customer (id, channel_id, async_customer_number, first_name, last_name, status,
                                          created_at, updated_at)
                    values (?, ?, ?, 'Alan', 'Turing', 'ASYNC', now(), now())""")) {
                customer.setObject(1, customerId);
                customer.setString(2, channelId);
                customer.setString(3, channelId + "-" + customerId);
                customer.executeUpdate();
            }
            try (PreparedStatement address = db.prepareStatement("""
                    insert into customer_address (id, customer_id, position, street, city, zip, country, purpose)
                    values (?, ?, 0, '3 Bletchley Rd', 'Houston', '77001', 'US', 'HOME')""")) {
                address.setObject(1, addressId);
                address.setObject(2, customerId);
                address.executeUpdate();
            }
        }
    }

    private static Connection channelDatabase(String channelId) throws Exception {
        return PostgresServer.shared().connect(ChannelDatabasesResource.CHANNEL_DATABASES.get(channelId));
    }

    private static CustomerSynchronized synced(String channelId, UUID customerId, String accountNumber, UUID addressId,
            long hqAddressId) {
        return new CustomerSynchronized(customerId, channelId, channelId + "-" + customerId, accountNumber,
                List.of(new SyncedAddress(addressId, hqAddressId)), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static void send(UUID eventId, CustomerSynchronized event) {
        try {
            PRODUCER.send(EventRecords.record(EventType.CUSTOMER_SYNCHRONIZED, eventId, event.customerId().toString(),
                    "/hq", Instant.now(), EventJson.write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
