package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The pipeline page's data and buttons, on real channel databases and the real broker (no hq-service here). */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class PipelineApiTest {

    private static final String OPS = "Bearer demo-ops";

    @Test
    void aWaitingCustomerShowsAtItsChannelThenAmongTheRecentlySynced() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        given().header("Authorization", OPS).when().get("/api/v1/pipeline").then().statusCode(200)
                .body("channels.find { it.channelId == 'HOUSTON' }.reachable", equalTo(true))
                .body("channels.find { it.channelId == 'HOUSTON' }.backlog.asyncWaiting", greaterThanOrEqualTo(1))
                .body("channels.find { it.channelId == 'HOUSTON' }.backlog.waiting.customerId", hasItem(customerId.toString()))
                .body("channels.find { it.channelId == 'HOUSTON' }.backlog.outboxBacklog", greaterThanOrEqualTo(0))
                .body("channels.find { it.channelId == 'OFFLINE' }.reachable", equalTo(false))
                .body("hq.reachable", equalTo(false))
                .body("hq.error", containsString("hq-service did not answer"))
                .body("distributionJobMode", equalTo("CONTINUOUS"));

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C300001"));
        awaitSynced("HOUSTON", customerId);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", OPS)
                .when().get("/api/v1/pipeline").then().statusCode(200)
                .body("channels.find { it.channelId == 'HOUSTON' }.backlog.waiting.customerId",
                        not(hasItem(customerId.toString())))
                .body("recentConversions.find { it.customerId == '" + customerId + "' }.accountNumber", equalTo("C300001"))
                .body("conversionLatency.totalCount", greaterThanOrEqualTo(1.0f))
                .body("consumerLagUnavailable", org.hamcrest.Matchers.nullValue()) // the broker answers here
                .body("channels.find { it.channelId == 'HOUSTON' }.lastSession.status", equalTo("APPLIED"))
                .body("consumerLag.group", hasItem("distribution-1010")));
        given().when().get("/q/metrics").then().body(containsString("customersync_consumer_lag{group=\"distribution-1010\""));
    }

    @Test
    void theButtonsRunTheJobHereAndSayWhenHqIsAway() {
        given().header("Authorization", OPS).when().post("/api/v1/pipeline/jobs/1010/run").then().statusCode(202)
                .body("job", equalTo("1010"));
        given().header("Authorization", OPS).when().post("/api/v1/pipeline/jobs/customer-sync/run").then()
                .statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                .body("instance", equalTo("/api/v1/pipeline/jobs/customer-sync/run")); // not HQ's path (found by probing)
        given().header("Authorization", OPS).when().post("/api/v1/pipeline/staging/not-a-uuid/retry").then()
                .statusCode(404);
    }

    @Test
    void thePageIsServedAndItsDataNeedsTheOpsKey() {
        given().when().get("/pipeline.html").then().statusCode(200).body(containsString("Customer sync pipeline"))
                .header("X-Frame-Options", "DENY").header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", org.hamcrest.Matchers.not(containsString("immutable")))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.matchesPattern("(?s).*<(script|style)>.*")));
        given().when().get("/pipeline.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("function refresh"));
        given().when().get("/pipeline.css").then().statusCode(200).contentType(containsString("text/css"));
        given().when().get("/api/v1/pipeline").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").when().get("/api/v1/pipeline").then().statusCode(401);
        given().when().post("/api/v1/pipeline/jobs/1010/run").then().statusCode(401);
    }
}
