package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * HQ's upload consumer broken on purpose: its thread is interrupted again and again, so every
 * {@code poll()} throws (Kafka's InterruptException). Readiness names it down while it keeps
 * failing, and up again once a restarted consumer polls; it consumes afterwards.
 */
@QuarkusTest
@TestProfile(WorkerHealthTest.QuickRestarts.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_worker_test"))
class WorkerHealthTest {

    private static final String CONSUMER = "consumer:customer-upload-consumer";
    private static final String WORKERS = "checks.find { it.name == 'Background workers' }.data";

    public static class QuickRestarts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("workers.unready-after", "500ms", "workers.restart-initial", "100ms",
                    "workers.restart-max", "400ms", "workers.give-up-after", "1000",
                    "hq.upload-consumer.group-id", "hq-worker-test");
        }
    }

    @Test
    void aConsumerThatKeepsFailingIsNamedDownThenRestartsAndConsumes() throws Exception {
        CustomerCreated before = newCustomer("HOUSTON");
        upload(UUID.randomUUID(), before);
        awaitSynced(before.customerId());
        Map<String, String> workers = ready().then().statusCode(200).extract().path(WORKERS);
        for (String name : List.of(CONSUMER, "relay:hq-sync-relay", "job:customer-sync", "job:order-sync",
                "job:statement-posting", "job:retention")) {
            assertTrue(workers.containsKey(name), name + " in " + workers);
            assertTrue(workers.get(name).startsWith("RUNNING, heartbeat"), workers.get(name));
        }

        List<String> seenWhileBroken = new ArrayList<>();
        Thread consumer = workerThread(CONSUMER);
        long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < end) {
            consumer.interrupt();
            Response response = ready();
            if (response.statusCode() == 503) {
                seenWhileBroken.add(response.path(WORKERS + ".'" + CONSUMER + "'"));
            }
            Thread.sleep(20);
        }

        assertTrue(seenWhileBroken.stream().anyMatch(line -> line.startsWith("RESTARTING (down)")),
                "readiness down, naming the consumer: " + seenWhileBroken);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ready().statusCode() == 200);
        String recovered = ready().path(WORKERS + ".'" + CONSUMER + "'");
        assertTrue(recovered.matches("RUNNING, heartbeat \\d+ ms ago, [1-9]\\d* restarts?, last failure \\w+ .*"), recovered);
        given().when().get("/q/health/live").then().statusCode(200).body(containsString(CONSUMER));

        CustomerCreated after = newCustomer("HOUSTON");
        upload(UUID.randomUUID(), after);
        awaitSynced(after.customerId()); // the restarted consumer consumes

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("customersync_worker_up{worker=\"" + CONSUMER + "\"} 1.0"))
                .body(matchesPattern("(?s).*customersync_worker_restarts_total\\{worker=\"" + CONSUMER
                        + "\"} [1-9][0-9]*\\.0.*"))
                .body(matchesPattern("(?s).*kafka_consumer_[a-z_]+\\{[^}]*client_id=\"customer-upload-consumer\".*"))
                .body(matchesPattern("(?s).*kafka_producer_[a-z_]+\\{[^}]*client_id=\"hq-sync-relay\".*"))
                .body(matchesPattern("(?s).*kafka_producer_[a-z_]+\\{[^}]*client_id=\"customer-upload-consumer-dead-letters\".*"));
        assertEquals(200, ready().statusCode());
    }

    private static Response ready() {
        return given().when().get("/q/health/ready");
    }

    private static Thread workerThread(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no thread " + name));
    }
}
