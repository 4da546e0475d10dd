package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.send;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerSnapshot;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.SyncedAddress;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A row a channel database refuses (here a copy whose country does not fit its column) does not hold back the others
 * of its batch at every retry: the batch is written row by row, the others are delivered, the refused one waits with
 * its SQL state (never the database's message, which may quote the row's values).
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class RefusedRowDeliveryTest {

    private static final String OPS = "Bearer demo-ops";

    @Test
    void aRowTheStoreRefusesDoesNotHoldBackTheOthersOfItsBatch() throws Exception {
        String origin = ChannelDatabases.newChannelDatabase("dist_channel_refusing_origin");
        String store = ChannelDatabases.newChannelDatabase("dist_channel_refusing_store");
        Path password = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "refusing", ".password");
        Files.writeString(password, "not-needed-locally\n");
        Path later = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "refusing-later", ".password");
        Files.delete(later); // the store cannot be connected to yet: what comes for it waits in one queue
        register("RORIGIN", origin, password);
        register("RSTORE", store, later);

        UUID first = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        UUID last = UUID.randomUUID();
        send(UUID.randomUUID(), announced(first, "C950001", "US"));
        send(UUID.randomUUID(), announced(refused, "C950002", "USAX"));
        send(UUID.randomUUID(), announced(last, "C950003", "US"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                .queryParam("channelId", "RSTORE").when().get("/api/v1/download-sessions")
                .then().body("status", hasItem("RETRYING")));
        Files.writeString(later, "not-needed-locally\n");
        given().header("Authorization", OPS).when().post("/api/v1/channels/RSTORE/retry").then().statusCode(200);

        await().atMost(Duration.ofSeconds(60)).until(() -> "C950003".equals(ChannelDatabases.column(store, last, "account_number")));
        assertEquals("C950001", ChannelDatabases.column(store, first, "account_number"));
        assertNull(ChannelDatabases.column(store, refused, "account_number"), "the row the store refuses is not there");
        given().header("Authorization", OPS).when().get("/api/v1/channels/RSTORE").then().statusCode(200)
                .body("pending", equalTo(1));
        given().header("Authorization", OPS).queryParam("channelId", "RSTORE").when().get("/api/v1/download-sessions")
                .then().body("lastError", hasItem(containsString("SQL state 22001")));
        for (String channel : List.of("RORIGIN", "RSTORE")) { // the registry outlives this class
            given().header("Authorization", OPS).when().delete("/api/v1/channels/" + channel).then().statusCode(200);
        }
    }

    private static CustomerSynchronized announced(UUID customerId, String accountNumber, String country) {
        AsyncAddress address = new AsyncAddress(customerId, "3 Bletchley Rd", "Houston", null, "77001", country, "HOME");
        return new CustomerSynchronized(customerId, "RORIGIN", "RORIGIN-" + customerId, accountNumber,
                List.of(new SyncedAddress(customerId, 90_000L)), Instant.now().truncatedTo(ChronoUnit.MICROS),
                new CustomerSnapshot("Alan", "Turing", null, null, Map.of(), List.of(address))).withVersion(1);
    }

    private static void register(String channelId, String database, Path password) {
        given().header("Authorization", OPS).contentType("application/json")
                .body("{\"jdbcUrl\":\"" + PostgresServer.shared().jdbcUrl(database) + "\",\"username\":\"customer_distribution\","
                        + "\"passwordRef\":\"file:" + password + "\",\"addressBook\":\"REFUSING\",\"excludeCustomerData\":false}")
                .when().put("/api/v1/channels/" + channelId).then().statusCode(201);
    }
}
