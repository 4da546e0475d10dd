package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.row;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.DistributedCustomer;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.messaging.DeadLetterPublisher;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** HQ's sync events through the real broker into the originating channel database. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class DistributionJobTest {

    @Test
    void readinessIncludesTheDatabaseAndTheBroker() {
        io.restassured.RestAssured.given().when().get("/q/health/ready").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Kafka connection health check"))
                .body(org.hamcrest.Matchers.containsString("Database connections health check"));
    }

    @Test
    void everyWorkerIsInTheHealthChecksByNameAndTheKafkaClientsAtTheMetricsEndpoint() {
        String workers = "checks.find { it.name == 'Background workers' }.data";
        for (String path : List.of("/q/health/ready", "/q/health/live")) {
            String check = path.endsWith("live") ? "Background workers alive" : "Background workers";
            io.restassured.RestAssured.given().when().get(path).then().statusCode(200)
                    .body("checks.find { it.name == '" + check + "' }.data.keySet()", org.hamcrest.Matchers.hasItems(
                                    "consumer:customer-sync-consumer", "relay:download-relay", "notify:1010-dispatcher",
                                    "job:1010-worker-1", "job:channel-registry", "job:retention"));
        }
        // the delivery workers are a fixed pool serving every channel: none is named after a channel
        io.restassured.RestAssured.given().when().get("/q/health/ready").then()
                .body(workers + ".keySet()", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("job:1010-HOUSTON")));
        io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("customersync_worker_up{worker=\"job:1010-worker-1\"} 1.0"))
                .body(org.hamcrest.Matchers.containsString("customersync_worker_restarts_total{worker=\"consumer:customer-sync-consumer\"}"))
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*kafka_consumer_[a-z_]+\\{[^}]*client_id=\"customer-sync-consumer\".*"))
                .body(org.hamcrest.Matchers.matchesPattern(
                        "(?s).*kafka_producer_[a-z_]+\\{[^}]*client_id=\"download-relay\".*"));
    }

    @Test
    void theAccountNumberReachesTheOriginatingChannelDatabase() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        CustomerSynchronized event = synced("HOUSTON", customerId, "C100001");
        send(UUID.randomUUID(), event);

        var row = awaitSynced("HOUSTON", customerId);
        assertEquals("C100001", row.accountNumber());
        assertEquals(event.addresses().get(0).hqAddressId(), row.hqAddressId());
        assertEquals(false, row.distributed());
        var downloads = TopicReader.readUntil(ChannelDatabases.BOOTSTRAP,
                Topics.CUSTOMER_DOWNLOADS, record -> "HOUSTON".equals(record.key())
                        && new String(record.value(), StandardCharsets.UTF_8).contains(customerId.toString()), 1, Duration.ofSeconds(30));
        assertEquals(1, downloads.size(), "the download session is announced on " + Topics.CUSTOMER_DOWNLOADS);
        CustomersDistributed announced = EventJson.read(downloads.get(0).value(), CustomersDistributed.class);
        assertEquals("HOUSTON", announced.channelId());
        assertEquals("HOUSTON", downloads.get(0).key());
        assertTrue(announced.customers().contains(new DistributedCustomer(customerId, "HOUSTON", "C100001", false)),
                announced.toString());
        io.restassured.RestAssured.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*customersync_conversion_seconds_count [1-9].*"))
                .body(org.hamcrest.Matchers.matchesPattern("(?s).*customersync_conversion_window\\{stat=\"count\",?} [1-9].*"))
                .body(org.hamcrest.Matchers.containsString("customersync_deliveries_pending{channel=\"OFFLINE\"}"));
    }

    @Test
    void redeliveredEventsChangeNothing() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("ONLINE", List.of(customerId));
        CustomerSynchronized event = synced("ONLINE", customerId, "C100002");
        UUID eventId = UUID.randomUUID();
        send(eventId, event);
        var first = awaitSynced("ONLINE", customerId);
        var copy = awaitSynced("HOUSTON", customerId);

        send(eventId, event); // the same event again
        UUID againId = UUID.randomUUID();
        send(againId, event); // the same news under a new event id (HQ's relay crashed after publishing)
        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(againId) == 2);

        assertEquals(first, row("ONLINE", customerId));
        assertEquals(copy, row("HOUSTON", customerId));
        assertEquals(3L, (long) QueuedDeliveries.count("event_id = ?", eventId),
                "one delivery per channel of the address book (ONLINE, HOUSTON, OFFLINE; OUTLET excludes), not per copy sent");
    }

    @Test
    void aCustomerOpsMergedIntoAnotherAccountTakesItAtItsOriginAndNothingElseChangesANumber() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        CustomerSynchronized own = synced("HOUSTON", customerId, "C100011");
        send(UUID.randomUUID(), own);
        awaitSynced("HOUSTON", customerId);

        CustomerSynchronized unrelated = new CustomerSynchronized(customerId, "HOUSTON", own.asyncCustomerNumber(),
                "C100012", own.addresses(), Instant.now(), null, "C099999");
        UUID refused = UUID.randomUUID();
        send(refused, unrelated);
        CustomerSynchronized merged = new CustomerSynchronized(customerId, "HOUSTON", own.asyncCustomerNumber(),
                "C100013", own.addresses(), Instant.now(), null, "C100011");
        UUID mergedId = UUID.randomUUID();
        send(mergedId, merged);

        await().atMost(Duration.ofSeconds(30)).until(() -> "C100013".equals(row("HOUSTON", customerId).accountNumber()));
        // the number it had stays findable (an old loyalty card: channel-schema V26)
        try (var db = ChannelDatabases.connect("HOUSTON"); var select = db.prepareStatement(
                "select array_to_string(former_account_numbers, ',') from customer where id = ?")) {
            select.setObject(1, customerId);
            try (var rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("C100011", rs.getString(1));
            }
        }
        QueuedDeliveries.Delivery notApplied = await().atMost(Duration.ofSeconds(30)).until(
                () -> QueuedDeliveries.first("event_id = ? and channel_id = 'HOUSTON'", refused).orElse(null),
                d -> d != null && d.lastError() != null);
        assertTrue(notApplied.lastError().contains("already has another account number"), notApplied.lastError());
        // retried for good otherwise, every 30 s: a later test of this database would see its sessions
        QueuedDeliveries.delete("event_id = ?", refused);
    }

    @Test
    void aChannelDatabaseThatIsDownDelaysOnlyItsOwnChannel() throws Exception {
        UUID offlineCustomer = UUID.randomUUID();
        UUID offlineEvent = UUID.randomUUID();
        send(offlineEvent, synced("OFFLINE", offlineCustomer, "C100003"));
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C100004"));

        awaitSynced("HOUSTON", customerId);
        // the store's database away is the channel's retry, not the row's: it waits as it came, never parked for it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", "Bearer demo-ops")
                .queryParam("channelId", "OFFLINE").queryParam("status", "RETRYING").when().get("/api/v1/download-sessions")
                .then().statusCode(200).body("lastError", org.hamcrest.Matchers.hasItem(
                        org.hamcrest.Matchers.startsWith("channel database unavailable"))));
        QueuedDeliveries.Delivery waiting = QueuedDeliveries.first("event_id = ? and channel_id = 'OFFLINE'",
                offlineEvent).orElseThrow();
        assertEquals(null, waiting.deliveredAt());
        assertEquals(0, waiting.attempts(), "no attempt charged to the row: " + waiting);
    }

    /**
     * A sync-mode store that died between HQ's answer and its own commit: HQ and the copies have the
     * customer, its own store not. Within the origin grace the delivery waits (the store may still
     * be saving it); after it, the customer is placed there as the store's own SYNCED customer.
     */
    @Test
    void aCustomerHqNumberedThatItsStoreNeverSavedIsPlacedThereAfterTheGrace() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        send(eventId, synced("HOUSTON", customerId, "C100021"));

        QueuedDeliveries.Delivery waiting = await().atMost(Duration.ofSeconds(30)).until(
                () -> QueuedDeliveries.first("event_id = ? and channel_id = 'HOUSTON'", eventId).orElse(null),
                d -> d != null && d.attempts() >= 1);
        assertTrue(waiting.lastError().contains("is not in this channel database (yet)"), waiting.lastError());
        assertEquals(null, row("HOUSTON", customerId), "placed within the grace, while the store may still save it");

        var placed = await().atMost(Duration.ofSeconds(60)).until(() -> row("HOUSTON", customerId),
                r -> r != null && "SYNCED".equals(r.status()));
        assertEquals("C100021", placed.accountNumber());
        assertEquals(false, placed.distributed(), "the store's own customer, not a copy");
        assertEquals(synced("HOUSTON", customerId, "C100021").addresses().get(0).hqAddressId(), placed.hqAddressId());
        // the store's row commits before distribution's mark of the delivery (two databases): seen a moment later
        await().atMost(Duration.ofSeconds(10)).until(() -> deliveredTo("HOUSTON", eventId) == 1L);

        UUID older = UUID.randomUUID();
        send(older, synced("HOUSTON", customerId, "C100021", "Changed", Instant.now().minusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).until(() -> deliveredTo("HOUSTON", older) == 1);
        assertEquals("Turing", row("HOUSTON", customerId).lastName(), "a row the store has is not overwritten");
    }

    @Test
    void anEventForAChannelOutsideTheRegistryIsDeadLettered() {
        UUID customerId = UUID.randomUUID();
        send(UUID.randomUUID(), synced("NOWHERE", customerId, "C100005"));

        var dead = TopicReader.readUntil(ChannelDatabases.BOOTSTRAP, Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                r -> r.key().equals(customerId.toString()), 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size());
        assertEquals("channel NOWHERE is not in the channel registry",
                TopicReader.header(dead.get(0), DeadLetterPublisher.REASON));
    }

    private static long deliveredTo(String channelId, UUID eventId) {
        return QueuedDeliveries.count("event_id = ? and channel_id = ? and delivered_at is not null", eventId, channelId);
    }

    private static long delivered(UUID eventId) {
        return QueuedDeliveries.count("event_id = ? and delivered_at is not null", eventId);
    }
}
