package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.api.LoadShedding;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * One request served at a time and one more waiting for a slot: the waiting one is served as soon as
 * the slot frees (not refused, #17 overload), the one after it is refused at once, one that waits
 * longer than max-wait is refused then, and a waiting client that went away does not keep the slot.
 */
@QuarkusTest
@TestProfile(LoadSheddingWaitingRoomTest.OneAtOnceOneWaiting.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_waiting_room_test"))
class LoadSheddingWaitingRoomTest {

    static final String BODY = "{\"firstName\":\"Ada\",\"lastName\":\"Waits\"}";
    /** Long enough that a slow machine does not time the waiting request out before the slot frees. */
    static final Duration MAX_WAIT = Duration.ofSeconds(4);

    @Inject
    LoadShedding shedding;

    private final ExecutorService tills = Executors.newFixedThreadPool(2);

    public static class OneAtOnceOneWaiting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.max-in-flight", "1", "api.load-shedding.max-waiting", "1",
                    "api.load-shedding.max-wait", MAX_WAIT.toMillis() + "ms", "api.load-shedding.retry-after", "3s",
                    "api.load-shedding.connection-pause", "0ms");
        }
    }

    @AfterEach
    void slotsComeBack() {
        await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0 && shedding.waiting() == 0);
        tills.shutdownNow();
    }

    @Test
    void aWaitingRequestIsServedWhenTheSlotFreesAndTheNextIsRefusedAtOnce() throws Exception {
        try (Socket holding = UnfinishedPost.start(BODY)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 1);
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> post().statusCode(), tills);
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.waiting() == 1);
            double refusedBefore = metric("customersync_load_shedding_refused_total");

            long knocked = System.nanoTime();
            post().then().statusCode(503).contentType("application/problem+json").header("Retry-After", "3");
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - knocked) < MAX_WAIT.toMillis() / 2,
                    "with the waiting room full the refusal is at once");
            // ops see it in /q/metrics, which is never shed
            assertEquals(refusedBefore + 1, metric("customersync_load_shedding_refused_total"));
            assertEquals(1, metric("customersync_load_shedding_in_flight"));
            assertEquals(1, metric("customersync_load_shedding_waiting"));
            assertFalse(waiting.isDone(), "the waiting request is neither served nor refused while the slot is held");

            UnfinishedPost.finish(holding, BODY);
            assertTrue(UnfinishedPost.statusLine(holding.getInputStream()).contains(" 201 "), "the holder was served");
            assertEquals(201, waiting.get(10, TimeUnit.SECONDS), "the waiting request got the slot and was served");
        }
    }

    @Test
    void aRequestThatWaitsLongerThanMaxWaitIsRefused() throws Exception {
        try (Socket holding = UnfinishedPost.start(BODY)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 1);
            long knocked = System.nanoTime();
            post().then().statusCode(503).contentType("application/problem+json");
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - knocked);
            assertTrue(waited >= MAX_WAIT.toMillis() - 100, "refused after " + waited + " ms of waiting");
            assertEquals(0, shedding.waiting());
        }
    }

    @Test
    void aWaitingClientThatWentAwayDoesNotKeepTheSlot() throws Exception {
        try (Socket holding = UnfinishedPost.start(BODY)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 1);
            try (Socket goingAway = UnfinishedPost.start(BODY)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> shedding.waiting() == 1);
            }
            UnfinishedPost.finish(holding, BODY);
            assertTrue(UnfinishedPost.statusLine(holding.getInputStream()).contains(" 201 "));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0);
        post().then().statusCode(201);
    }

    /** A meter's value as /q/metrics shows it (Prometheus text). */
    static double metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static io.restassured.response.Response post() {
        return given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/customers");
    }
}
