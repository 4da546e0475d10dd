package io.customersync.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

/** deploy/prometheus and deploy/grafana: the queries of the alert rules and of the dashboard, and the metric names in them. */
final class ObservabilityFiles {

    static final Path ROOT = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
    static final Path PROMETHEUS_CONFIG = ROOT.resolve("deploy/prometheus/prometheus.yml");
    static final Path ALERTS = ROOT.resolve("deploy/prometheus/alerts.yml");
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/customer-sync.json");
    /** the metric names of the services (Prometheus' own, such as {@code up}, are left out) */
    private static final Pattern METRIC = Pattern.compile("\\b(?:customersync|http|jvm|process|kafka)_[a-z0-9_]+\\b");

    private ObservabilityFiles() {
    }

    /** every alert rule's expression */
    @SuppressWarnings("unchecked")
    static List<String> alertExpressions() {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) load(ALERTS).get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add(String.valueOf(rule.get("expr")));
            }
        }
        return expressions;
    }

    /** every panel's query (JSON is YAML) */
    @SuppressWarnings("unchecked")
    static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> panel : (List<Map<String, Object>>) load(DASHBOARD).get("panels")) {
            for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
                expressions.add(String.valueOf(target.get("expr")));
            }
        }
        return expressions;
    }

    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String expression : expressions) {
            Matcher matcher = METRIC.matcher(expression);
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    static Map<String, Object> load(Path file) {
        try {
            return new Yaml().load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
