package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * A store's database goes away in the middle of a run of 1,000 customers, for many more tries than
 * {@code max-attempts} (3 here, tried every 100-400 ms), and comes back: nothing of it is parked, and it gets
 * everything without ops.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
@TestProfile(ChannelOutageTest.QuickRetries.class)
class ChannelOutageTest {

    public static class QuickRetries implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distribution.delivery.max-attempts", "3", "distribution.delivery.retry-initial", "100ms",
                    "distribution.delivery.retry-max", "400ms");
        }
    }

    private static final int CUSTOMERS = 1_000;
    private static final String OPS = "Bearer demo-ops";

    @Test
    void aChannelDatabaseDownDuringARunConvergesAfterItIsBackWhileTheOthersStayCurrent() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            ids.add(UUID.randomUUID());
        }
        insertAsyncCustomers("HOUSTON", ids);

        for (int i = 0; i < CUSTOMERS; i++) {
            if (i == CUSTOMERS / 5) {
                setOnline("ONLINE", false);
            }
            send(UUID.randomUUID(), synced("HOUSTON", ids.get(i), "C3" + String.format("%05d", i)));
        }
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> syncedCount("HOUSTON", ids) == CUSTOMERS);
            given().header("Authorization", OPS).when().get("/api/v1/channels")
                    .then().statusCode(200)
                    .body("find { it.channelId == 'ONLINE' }.pending", greaterThan(0))
                    .body("find { it.channelId == 'OUTLET' }.excludeCustomerData", equalTo(true));
            Thread.sleep(3_000); // tried again every 100-400 ms: many more times than max-attempts
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                    .queryParam("channelId", "ONLINE").when().get("/api/v1/download-sessions")
                    .then().body("status", hasItem("RETRYING"))
                    // a database that accepts no connections (SQL state 55000) is away, not refusing a row (which
                    // would be retried on its own, row by row; found by probing)
                    .body("findAll { it.status == 'RETRYING' }.lastError", everyItem(startsWith("channel database unavailable"))));
            // a channel database away is not a broken worker: the channel backs off on a timer, the service stays ready
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Background workers' }.data.'job:1010-worker-1'",
                            startsWith("RUNNING, heartbeat"));
            // a store away is not a row's failure: nothing is parked, however long it lasts (before: all of it, after
            // max-attempts tries, until ops retried)
            given().header("Authorization", OPS).when().get("/api/v1/channels/ONLINE")
                    .then().statusCode(200).body("failed", equalTo(0)).body("pending", greaterThan(0));
        } finally {
            setOnline("ONLINE", true);
        }
        // no ops: it is tried again on its own
        await().atMost(Duration.ofSeconds(120)).until(() -> syncedCount("ONLINE", ids) == CUSTOMERS);
        given().header("Authorization", OPS).when().get("/api/v1/channels/ONLINE")
                .then().statusCode(200).body("failed", equalTo(0)).body("pending", equalTo(0));
        assertEquals(CUSTOMERS, syncedCount("HOUSTON", ids));
        given().header("Authorization", OPS).queryParam("channelId", "ONLINE").queryParam("status", "APPLIED")
                .when().get("/api/v1/download-sessions").then().statusCode(200).body("size()", greaterThan(0));
        // by one clock: PostgreSQL's now() (its transaction's start) made 45 % of the sessions end before they began
        List<Map<String, String>> sessions = given().header("Authorization", OPS).queryParam("limit", 500)
                .when().get("/api/v1/download-sessions").then().statusCode(200).extract().jsonPath().getList("");
        assertTrue(sessions.size() > 10, "sessions: " + sessions.size());
        for (Map<String, String> session : sessions) {
            assertFalse(java.time.Instant.parse(session.get("finishedAt")).isBefore(
                    java.time.Instant.parse(session.get("startedAt"))), session.toString());
        }
    }

    @Test
    void theOpsApiIsForOpsOnly() {
        given().when().get("/api/v1/channels").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", OPS).when().post("/api/v1/channels/NOWHERE/retry").then().statusCode(404);
        given().header("Authorization", OPS).queryParam("status", "BOGUS").when().get("/api/v1/download-sessions")
                .then().statusCode(400);
    }

    private static void setOnline(String channelId, boolean online) throws Exception {
        ChannelDatabases.setOnline(ChannelDatabasesResource.CHANNEL_DATABASES.get(channelId), online);
    }

    private static int syncedCount(String channelId, List<UUID> ids) throws Exception {
        try (Connection db = ChannelDatabases.connect(channelId);
                PreparedStatement count = db.prepareStatement(
                        "select count(*) from customer where status = 'SYNCED' and id = any(?)")) {
            Array array = db.createArrayOf("uuid", ids.toArray());
            count.setArray(1, array);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
