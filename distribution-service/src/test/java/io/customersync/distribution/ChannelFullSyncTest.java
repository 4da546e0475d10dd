package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A store's full sync (docs/ops.md): a store added to an address book, or back from retirement, gets every customer
 * of its book as HQ has it now (read from HQ, here {@link HqKeysStub}, two customers a page in these tests), never an
 * older version over a newer one and never an erased customer.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class ChannelFullSyncTest {

    private static final String OPS = "Bearer demo-ops";

    @Inject
    DataSource queue;

    @AfterEach
    void hqForgetsItsCustomersAndTheStoresGo() {
        HqKeysStub.shared().forgetAnnouncements();
        // the registry outlives this class: the stores of RETAIL the other classes count on are theirs only
        for (String store : List.of("NEWSTORE", "BACKSTORE")) {
            given().header("Authorization", OPS).when().delete("/api/v1/channels/" + store);
        }
    }

    @Test
    void aStoreAddedToAnAddressBookGetsEveryCustomerOfTheBookAsHqHasItNow() throws Exception {
        UUID houston1 = UUID.randomUUID();
        UUID houston2 = UUID.randomUUID();
        UUID online = UUID.randomUUID();
        UUID erased = UUID.randomUUID();
        UUID otherBook = UUID.randomUUID();
        HqKeysStub hq = HqKeysStub.shared();
        hq.announce(synced("HOUSTON", houston1, "C910001", "Hopper", Instant.now()).withVersion(3));
        hq.announce(synced("HOUSTON", houston2, "C910002"));
        hq.announce(synced("ONLINE", online, "C910003"));
        hq.announce(synced("HOUSTON", erased, "C910004"));
        hq.announce(synced("WEST", otherBook, "C910005"));
        // the erasure of one of them reached distribution already (HQ's page was read before it)
        sendErasure(new CustomerErased(erased, "HOUSTON", "HOUSTON-" + erased, "C910004", 2L,
                Instant.now().truncatedTo(ChronoUnit.MICROS)));
        await().atMost(Duration.ofSeconds(30)).until(() -> erasureQueued(erased));

        String database = ChannelDatabases.newChannelDatabase("dist_channel_fullsync_new");
        given().header("Authorization", OPS).contentType("application/json").body(registration(database))
                .when().put("/api/v1/channels/NEWSTORE").then().statusCode(201);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().header("Authorization", OPS)
                .when().get("/api/v1/channels/NEWSTORE/full-sync").then().statusCode(200)
                .body("finishedAt", notNullValue()).body("customersRead", equalTo(4)).body("requestedBy", containsString("ops")));
        await().atMost(Duration.ofSeconds(60)).until(() -> "C910003".equals(ChannelDatabases.column(database, online, "account_number")));
        assertEquals("C910001", ChannelDatabases.column(database, houston1, "account_number"));
        assertEquals("Hopper", ChannelDatabases.column(database, houston1, "last_name"));
        assertEquals("3", ChannelDatabases.column(database, houston1, "hq_version"));
        assertEquals("C910002", ChannelDatabases.column(database, houston2, "account_number"));
        assertNull(ChannelDatabases.column(database, erased, "account_number"), "an erased customer is never queued");
        assertNull(ChannelDatabases.column(database, otherBook, "account_number"), "a customer of another address book is not sent");
    }

    @Test
    void aStoreBackFromRetirementGetsTheCustomersNumberedWhileItWasRetiredAndNoOlderVersion() throws Exception {
        String database = ChannelDatabases.newChannelDatabase("dist_channel_fullsync_back");
        given().header("Authorization", OPS).contentType("application/json").body(registration(database))
                .when().put("/api/v1/channels/BACKSTORE").then().statusCode(201);
        UUID before = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(before));
        send(UUID.randomUUID(), synced("HOUSTON", before, "C920001", "Newer", Instant.now()).withVersion(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> "Newer".equals(ChannelDatabases.column(database, before, "last_name")));

        given().header("Authorization", OPS).when().delete("/api/v1/channels/BACKSTORE").then().statusCode(200);
        given().header("Authorization", OPS).when().post("/api/v1/channels/BACKSTORE/full-sync").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("retired"));
        UUID whileRetired = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(whileRetired));
        send(UUID.randomUUID(), synced("HOUSTON", whileRetired, "C920002"));
        ChannelDatabases.awaitSynced("ONLINE", whileRetired);
        assertNull(ChannelDatabases.column(database, whileRetired, "account_number"), "a retired store gets nothing");

        // HQ has both; "before" at an older version than the store holds (as if HQ's page were read long ago)
        HqKeysStub.shared().announce(synced("HOUSTON", before, "C920001", "Older", Instant.now()).withVersion(1));
        HqKeysStub.shared().announce(synced("HOUSTON", whileRetired, "C920002"));
        given().header("Authorization", OPS).contentType("application/json").body(registration(database))
                .when().put("/api/v1/channels/BACKSTORE").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> "C920002".equals(ChannelDatabases.column(database, whileRetired,
                "account_number")));
        given().header("Authorization", OPS).when().get("/api/v1/channels/BACKSTORE/full-sync").then().statusCode(200)
                .body("finishedAt", notNullValue()).body("customersRead", equalTo(2));
        assertEquals("Newer", ChannelDatabases.column(database, before, "last_name"), "an older version never replaces a newer one");

        // retired again: a customer it holds is erased meanwhile (the erasure goes to the stores of the book, not it)
        given().header("Authorization", OPS).when().delete("/api/v1/channels/BACKSTORE").then().statusCode(200);
        CustomerErased erasure = new CustomerErased(before, "HOUSTON", "HOUSTON-" + before, "C920001", 3L,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        sendErasure(erasure);
        await().atMost(Duration.ofSeconds(30)).until(() -> erasureQueued(before));
        HqKeysStub.shared().announceErasure(erasure);
        given().header("Authorization", OPS).contentType("application/json").body(registration(database))
                .when().put("/api/v1/channels/BACKSTORE").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> ChannelDatabases.column(database, before, "erased_at") != null);
        assertEquals("Erased", ChannelDatabases.column(database, before, "first_name"), "its data gone there too");
        assertNull(ChannelDatabases.column(database, before, "email"));

        // ops may run it again at any time, e.g. once the store's database is restored from a backup that lacks a copy;
        // a channel without one is a 404, as an unknown channel is
        try (Connection db = PostgresServer.shared().connect(database);
                PreparedStatement lost = db.prepareStatement(
                        "delete from customer_address where customer_id = ?; delete from customer where id = ?")) {
            lost.setObject(1, whileRetired);
            lost.setObject(2, whileRetired);
            lost.execute();
        }
        given().header("Authorization", OPS).when().post("/api/v1/channels/BACKSTORE/full-sync").then().statusCode(202)
                .body("channelId", equalTo("BACKSTORE")).body("customersRead", equalTo(0));
        await().atMost(Duration.ofSeconds(60)).until(() -> "C920002".equals(ChannelDatabases.column(database, whileRetired,
                "account_number")));
        given().header("Authorization", OPS).when().get("/api/v1/channels/OUTLET/full-sync").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no full sync"));
        given().header("Authorization", OPS).when().post("/api/v1/channels/NO-SUCH/full-sync").then().statusCode(404);
        given().header("Authorization", "Bearer test-ops-houston").when().post("/api/v1/channels/BACKSTORE/full-sync")
                .then().statusCode(404);
    }

    private static String registration(String database) throws Exception {
        Path password = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "fullsync", ".password");
        Files.writeString(password, "not-needed-locally\n");
        return "{\"jdbcUrl\":\"" + PostgresServer.shared().jdbcUrl(database) + "\",\"username\":\"customer_distribution\","
                + "\"passwordRef\":\"file:" + password + "\",\"addressBook\":\"RETAIL\",\"excludeCustomerData\":false}";
    }


    private static void sendErasure(CustomerErased erasure) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClientConfigs.producer(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ChannelDatabases.BOOTSTRAP), "full-sync-test"))) {
            producer.send(EventRecords.record(EventType.CUSTOMER_ERASED, UUID.randomUUID(),
                    erasure.customerId().toString(), "/hq", Instant.now(), EventJson.write(erasure))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean erasureQueued(UUID customerId) throws Exception {
        try (Connection db = queue.getConnection();
                PreparedStatement select = db.prepareStatement(
                        "select count(*) from pending_delivery where customer_id = ? and event_type = ?")) {
            select.setObject(1, customerId);
            select.setString(2, EventType.CUSTOMER_ERASED.ceType());
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }
}
