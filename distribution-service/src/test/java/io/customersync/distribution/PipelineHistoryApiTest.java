package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.distribution.metrics.PipelineHistory;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/**
 * The pipeline page's charts: distribution's own samples (GET /api/v1/pipeline/history) on real channel
 * databases and the real broker, HQ's part missing here (no hq-service), and uPlot served from its WebJar.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class PipelineHistoryApiTest {

    private static final String OPS = "Bearer demo-ops";

    @Inject
    PipelineHistory history;

    @Test
    void customersCreatedConversionsBacklogsAndLagAreSampledAndAChannelThatDoesNotAnswerIsAGap() throws Exception {
        history.sample(); // a first reading of the conversion counter
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId, UUID.randomUUID(), UUID.randomUUID()));
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C400001"));
        awaitSynced("HOUSTON", customerId);

        long started = System.nanoTime();
        history.sample();
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                "OFFLINE does not answer, and must not hold up the sample longer than channel-timeout");

        JsonPath answer = given().header("Authorization", OPS).when().get("/api/v1/pipeline/history").then()
                .statusCode(200).contentType("application/json")
                .body("distribution.intervalMillis", equalTo(5000))
                .body("distribution.windowMillis", equalTo(900000))
                .body("hq.reachable", equalTo(false))
                .body("hq.error", containsString("hq-service did not answer"))
                .extract().jsonPath();
        int points = answer.getList("distribution.at").size();
        assertTrue(points >= 2, "two samples at least: " + points);
        Map<String, List<Number>> series = answer.getMap("distribution.series");
        series.forEach((name, values) -> assertEquals(points, values.size(), name + " has a value or null per time"));
        assertTrue(max(series.get("created/HOUSTON")) > 0, "HOUSTON created customers: " + series.get("created/HOUSTON"));
        assertTrue(max(series.get("conversions")) > 0, "a conversion per second: " + series.get("conversions"));
        assertTrue(last(series.get("latency/p50")) >= 0 && last(series.get("latency/p99")) >= last(series.get("latency/p50")));
        assertTrue(last(series.get("outbox/HOUSTON")) >= 0 && last(series.get("deliveries/HOUSTON")) >= 0);
        assertTrue(last(series.get("outbox/ONLINE")) >= 0, "the other channels are sampled all the same");
        assertTrue(series.get("deliveries/OFFLINE") != null, "OFFLINE's queue is distribution's own: " + series.keySet());
        assertTrue(series.getOrDefault("created/OFFLINE", List.of()).stream().allMatch(Objects::isNull),
                "OFFLINE's database does not answer: a gap, never a number " + series.get("created/OFFLINE"));

        // the lag is read with every sample: its gauges are at /q/metrics without anyone opening the page
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            history.sample();
            assertTrue(given().header("Authorization", OPS).when().get("/api/v1/pipeline/history").then().extract()
                    .jsonPath().getMap("distribution.series").containsKey("lag/distribution-1010/hq.customer-sync.v1"));
        });
        given().when().get("/q/metrics").then().body(containsString("customersync_consumer_lag{group=\"distribution-1010\""));
    }

    @Test
    void anOpsKeyOfOneChannelSeesThatChannelsSeriesOnlyAndOthersNeedTheOpsRole() {
        history.sample();
        Map<String, Object> series = given().header("Authorization", "Bearer test-ops-houston").when()
                .get("/api/v1/pipeline/history").then().statusCode(200).extract().jsonPath().getMap("distribution.series");
        assertTrue(series.containsKey("outbox/HOUSTON") && series.containsKey("deliveries/HOUSTON"), series.keySet().toString());
        assertTrue(series.keySet().stream().noneMatch(name -> name.endsWith("/ONLINE") || name.endsWith("/OFFLINE")),
                series.keySet().toString());

        given().header("Authorization", "Bearer demo-pos-houston").when().get("/api/v1/pipeline/history").then()
                .statusCode(403).contentType("application/problem+json");
        given().when().get("/api/v1/pipeline/history").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void thePageLoadsItsChartLibraryFromThisServiceOnly() {
        String page = given().when().get("/pipeline.html").then().statusCode(200).extract().asString();
        Matcher references = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page);
        List<String> loaded = new ArrayList<>();
        while (references.find()) {
            loaded.add(references.group(1));
        }
        assertTrue(loaded.contains("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"), loaded.toString());
        for (String path : loaded) {
            assertTrue(path.startsWith("/"), "nothing from elsewhere: " + path);
            given().when().get(path).then().statusCode(200);
        }
        given().when().get("/webjars/uplot/1.6.30/dist/uPlot.iife.min.js").then().body(containsString("uPlot"));
        given().when().get("/pipeline-charts.js").then().body(containsString("/api/v1/pipeline/history"));
    }

    private static double max(List<Number> values) {
        return values == null ? Double.NaN
                : values.stream().filter(Objects::nonNull).mapToDouble(Number::doubleValue).max().orElse(Double.NaN);
    }

    private static double last(List<Number> values) {
        if (values == null) {
            return Double.NaN;
        }
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i) != null) {
                return values.get(i).doubleValue();
            }
        }
        return Double.NaN;
    }
}
