package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus checked by Prometheus' own promtool (Debian's prometheus package; .ci/run installs
 * it), and the Grafana files by what provisioning needs. Without promtool the promtool checks are
 * skipped and say so, except on CI (CI=true), where they fail.
 */
class PrometheusRulesIT {

    @Test
    void promtoolAcceptsTheAlertRules() throws Exception {
        promtool("check", "rules", ObservabilityFiles.ALERTS.toString());
    }

    @Test
    void promtoolAcceptsTheConfigAndItsRuleFile() throws Exception {
        promtool("check", "config", ObservabilityFiles.PROMETHEUS_CONFIG.toString());
    }

    /** Grafana's data source is the one the dashboard's panels ask for, and every panel has a query. */
    @Test
    @SuppressWarnings("unchecked")
    void theDashboardReadsTheProvisionedDataSource() {
        Map<String, Object> sources = ObservabilityFiles.load(
                ObservabilityFiles.ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml"));
        Map<String, Object> source = ((List<Map<String, Object>>) sources.get("datasources")).get(0);
        assertEquals("http://prometheus:9090", source.get("url"));
        Map<String, Object> dashboard = ObservabilityFiles.load(ObservabilityFiles.DASHBOARD);
        List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
        assertFalse(panels.isEmpty());
        for (Map<String, Object> panel : panels) {
            assertEquals(source.get("uid"), ((Map<String, Object>) panel.get("datasource")).get("uid"), panel.get("title") + "");
            assertFalse(((List<?>) panel.get("targets")).isEmpty(), panel.get("title") + " has no query");
        }
        Map<String, Object> providers = ObservabilityFiles.load(
                ObservabilityFiles.ROOT.resolve("deploy/grafana/provisioning/dashboards/dashboards.yml"));
        Map<String, Object> options = (Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers"))
                .get(0).get("options");
        assertEquals("/var/lib/grafana/dashboards", options.get("path"));
    }

    private static void promtool(String... arguments) throws Exception {
        Optional<Path> promtool = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(directory -> Path.of(directory, "promtool")).filter(Files::isExecutable).findFirst();
        if (promtool.isEmpty()) {
            String reason = "promtool is not installed (apt-get install prometheus): deploy/prometheus is NOT checked";
            if ("true".equals(System.getenv("CI"))) {
                fail(reason + " and CI=true: .ci/run must install it");
            }
            System.err.println("*** SKIPPED: " + reason + " ***");
            Assumptions.assumeTrue(false, reason);
        }
        Process process = new ProcessBuilder(Stream.concat(Stream.of(promtool.get().toString()), Stream.of(arguments))
                .toList()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, process.exitValue(), "promtool " + String.join(" ", arguments) + ":\n" + output);
        assertTrue(output.contains("SUCCESS"), output);
    }
}
