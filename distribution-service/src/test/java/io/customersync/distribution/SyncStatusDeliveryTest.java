package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.connect;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerNotSynchronized.Status;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.KafkaBroker;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HQ's refusals and holds reach the customer's own channel database like the account number, and
 * never downgrade: SYNCED stays SYNCED, and of two statuses the one HQ decided later wins.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class SyncStatusDeliveryTest {

    private static final org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> PRODUCER =
            new org.apache.kafka.clients.producer.KafkaProducer<>(KafkaClientConfigs.producer(java.util.Map.of(
                    org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaBroker.shared().bootstrapServers()), "distribution-status-test-hq"));

    record StatusRow(String status, String accountNumber, String reason, String fieldsToFix) {
    }

    @Test
    void aRefusalReachesTheOriginWithItsReasonAndFieldsAndNoOtherChannel() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        UUID eventId = sendStatus(notSynced(customerId, Status.FAILED, List.of("email", "phone"), Instant.now()));

        StatusRow row = await().atMost(Duration.ofSeconds(30)).until(() -> row("HOUSTON", customerId),
                r -> "FAILED".equals(r.status()));
        assertEquals(CustomerNotSynchronized.REQUIRED_FIELDS_MISSING, row.reason());
        assertEquals("[\"email\", \"phone\"]", row.fieldsToFix());
        assertEquals(null, row.accountNumber());
        assertEquals(1L, (long) QueuedDeliveries.count("event_id = ?", eventId),
                "delivered to the origin only, not to the channels of its address book");
        ChannelDatabases.assertAbsent("ONLINE", customerId);
    }

    @Test
    void synchronizedWinsOverARefusalOrHoldWhateverTheOrderTheyArrive() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        Instant decided = Instant.now().minusSeconds(5);
        awaitDelivered(sendStatus(notSynced(customerId, Status.ON_HOLD, List.of(), decided)));
        assertEquals("ON_HOLD", row("HOUSTON", customerId).status());

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C300001"));
        awaitSynced("HOUSTON", customerId);
        StatusRow row = row("HOUSTON", customerId);
        assertEquals(new StatusRow("SYNCED", "C300001", null, "[]"), row, "the hold's reason goes with it");

        // a refusal decided later (a store edit refused again, delivered late) does not downgrade SYNCED
        awaitDelivered(sendStatus(notSynced(customerId, Status.FAILED, List.of("email"), Instant.now())));
        assertEquals(row, row("HOUSTON", customerId));
    }

    @Test
    void ofTwoStatusesTheOneHqDecidedLaterWinsAndARepeatChangesNothing() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        Instant later = Instant.now();
        CustomerNotSynchronized failed = notSynced(customerId, Status.FAILED, List.of("phone"), later);
        awaitDelivered(sendStatus(failed));

        awaitDelivered(sendStatus(notSynced(customerId, Status.ON_HOLD, List.of(), later.minusSeconds(1))));
        assertEquals(new StatusRow("FAILED", null, CustomerNotSynchronized.REQUIRED_FIELDS_MISSING, "[\"phone\"]"),
                row("HOUSTON", customerId), "the older hold arrived late and changed nothing");

        awaitDelivered(sendStatus(failed));
        awaitDelivered(sendStatus(notSynced(customerId, Status.ON_HOLD, List.of(), later.plusSeconds(1))));
        assertEquals(new StatusRow("ON_HOLD", null, CustomerNotSynchronized.POSSIBLE_DUPLICATE, "[]"),
                row("HOUSTON", customerId));
    }

    private static CustomerNotSynchronized notSynced(UUID customerId, Status status, List<String> fields, Instant at) {
        return new CustomerNotSynchronized(customerId, "HOUSTON", "HOUSTON-" + customerId, status,
                status == Status.FAILED ? CustomerNotSynchronized.REQUIRED_FIELDS_MISSING
                        : CustomerNotSynchronized.POSSIBLE_DUPLICATE,
                fields, at.truncatedTo(ChronoUnit.MICROS));
    }

    private static UUID sendStatus(CustomerNotSynchronized event) throws Exception {
        UUID eventId = UUID.randomUUID();
        PRODUCER.send(EventRecords.record(EventType.CUSTOMER_NOT_SYNCHRONIZED, eventId, event.customerId().toString(),
                "/hq", Instant.now(), EventJson.write(event))).get();
        return eventId;
    }

    private static void awaitDelivered(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> QueuedDeliveries.first("event_id = ?", eventId)
                .map(d -> d.deliveredAt() != null).orElse(false));
    }

    private static StatusRow row(String channelId, UUID customerId) throws Exception {
        try (Connection db = connect(channelId); PreparedStatement select = db.prepareStatement(
                "select status, account_number, sync_reason, fields_to_fix::text from customer where id = ?")) {
            select.setObject(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return new StatusRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
    }
}
