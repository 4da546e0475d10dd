package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;

/**
 * Two hq-service instances on one HQ database and one consumer group: never an account number
 * twice, and one job history: a job run on one instance is the same run, read from either.
 */
class TwoHqInstancesSystemIT {

    private static final int CUSTOMERS = 2_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void twoHqInstancesGiveTwoThousandCustomersTwoThousandDistinctAccountNumbers() throws Exception {
        LocalSystem system = RunningSystem.get();
        ServiceProcess second = system.startAnotherInstance(LocalSystem.HQ, LocalSystem.HQ + "-2", FreePorts.any());
        try {
            List<UUID> ids = RunningSystem.postCustomers("HOUSTON", HOUSTON_POS, CUSTOMERS, "Twin");

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> accountNumbers("channel_houston", ids).size() == CUSTOMERS);
            assertEquals(CUSTOMERS, new HashSet<>(accountNumbers("channel_houston", ids)).size());

            int first = system.service(LocalSystem.HQ).port();
            assertEquals(202, ops("POST", second.port(), "/api/v1/jobs/statement-posting/run").statusCode());
            await().atMost(Duration.ofSeconds(30)).until(() -> ops("GET", first, "/api/v1/jobs/statement-posting/runs")
                    .body().contains("\"requestedBy\":\"ops@*\""));
            String runs = ops("GET", first, "/api/v1/jobs/statement-posting/runs").body();
            assertEquals(runs, ops("GET", second.port(), "/api/v1/jobs/statement-posting/runs").body(),
                    "the run made on the second instance, read from both");
            assertTrue(runs.contains("\"trigger\":\"ON_DEMAND\""), runs);
        } finally {
            second.stop(Duration.ofSeconds(15));
        }
    }

    private static HttpResponse<String> ops(String method, int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer demo-ops").method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
