package io.customersync.hq;

import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.hq.metrics.StagingHistory;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * HQ's part of the pipeline page's charts (GET /api/v1/staging/counts/history): staged customers
 * pending per channel, sampled by HQ, on the real database and broker. Customer sync is on demand
 * here (HqJobsTest's profile), so uploaded customers stay pending until a job is run.
 */
@QuarkusTest
@TestProfile(HqJobsTest.OnDemandCustomersHoldDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_jobs_test"))
class StagingHistoryTest {

    private static final String OPS = "Bearer demo-ops";

    @Inject
    StagingHistory history;

    @Test
    void pendingCustomersPerChannelAreSampledAndGoBackToZeroOnceSynced() {
        String channel = "CHART" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        upload(UUID.randomUUID(), newCustomer(channel));
        upload(UUID.randomUUID(), newCustomer(channel));
        await().atMost(Duration.ofSeconds(30)).until(() -> HqRows.query(
                "select count(*) from async_customer_staging where channel_id = ?", channel).equals(2L));

        history.sample();
        JsonPath answer = given().header("Authorization", OPS).when().get("/api/v1/staging/counts/history").then()
                .statusCode(200).contentType("application/json")
                .body("intervalMillis", equalTo(5000)).body("windowMillis", equalTo(900000))
                .extract().jsonPath();
        List<Number> pending = answer.<String, List<Number>> getMap("series").get("staging/" + channel);
        assertEquals(answer.getList("at").size(), pending.size(), "a value or null per time");
        assertEquals(2.0, pending.get(pending.size() - 1).doubleValue(), "both wait: " + pending);

        given().header("Authorization", OPS).when().post("/api/v1/jobs/customer-sync/run").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> HqRows.query(
                "select count(*) from async_customer_staging where channel_id = ? and status = 'PENDING'", channel)
                .equals(0L));
        history.sample();
        List<Number> after = given().header("Authorization", OPS).when().get("/api/v1/staging/counts/history").then()
                .statusCode(200).extract().jsonPath().<String, List<Number>> getMap("series").get("staging/" + channel);
        assertEquals(0.0, after.get(after.size() - 1).doubleValue(), "a channel seen once is 0, not a gap: " + after);
    }

    @Test
    void theHistoryIsForOpsOnly() {
        history.sample();
        given().header("Authorization", "Bearer demo-rts-houston").when().get("/api/v1/staging/counts/history").then()
                .statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/staging/counts/history").then().statusCode(401);
        Map<String, Object> series = given().header("Authorization", OPS).when().get("/api/v1/staging/counts/history")
                .then().statusCode(200).extract().jsonPath().getMap("series");
        assertTrue(series.keySet().stream().allMatch(name -> name.startsWith("staging/")), series.keySet().toString());
    }
}
