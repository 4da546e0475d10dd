package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.postCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Every metric the alert rules (deploy/prometheus/alerts.yml) and the Grafana dashboard
 * (deploy/grafana/dashboards/customer-sync.json) query is at some service's /q/metrics: a renamed
 * metric would leave a panel empty and an alert silent.
 */
class MetricNamesSystemIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyMetricTheAlertsAndTheDashboardQueryIsExported() throws Exception {
        LocalSystem system = RunningSystem.get();
        postCustomer("HOUSTON", HOUSTON_POS, "Metrics"); // HTTP metrics appear with a service's first request
        Set<String> queried = new TreeSet<>(ObservabilityFiles.metricNames(ObservabilityFiles.alertExpressions()));
        queried.addAll(ObservabilityFiles.metricNames(ObservabilityFiles.dashboardExpressions()));
        assertTrue(queried.size() > 5, "too few metric names found in the queries: " + queried);
        List<String> services = List.of(LocalSystem.HQ, LocalSystem.DISTRIBUTION, LocalSystem.channelService("HOUSTON"),
                LocalSystem.channelService("ONLINE"));
        // the consumer-lag gauges are registered once the lag has been read: wait a little for them
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            Set<String> exported = new TreeSet<>();
            for (String service : services) {
                exported.addAll(exportedNames(system.service(service).port()));
            }
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, "queried but not at any /q/metrics");
        });
    }

    /** names of the samples at /q/metrics (histograms as name_bucket, name_count, name_sum) */
    private static Set<String> exportedNames(int port) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Set<String> names = new TreeSet<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
