package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and deploy/Dockerfile, checked without Docker (there is none on CI): what compose
 * would need to start every service is there, ports are those of ./run.sh, every container has a
 * memory and CPU ceiling, the one Dockerfile gets its build arguments from compose, sizes the heap by
 * the container, and copies what the build packaged. Runs after the services are packaged (failsafe,
 * verify phase).
 */
class DeploymentFilesIT {

    private static final Path ROOT = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
    /** compose service -> the module it is built from */
    private static final Map<String, String> APPLICATIONS = Map.of("hq-service", "hq-service",
            "distribution-service", "distribution-service", "channel-houston", "channel-service",
            "channel-online", "channel-service", "hq-service-2", "hq-service",
            "distribution-service-2", "distribution-service");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private static final Path DOCKERFILE = ROOT.resolve("deploy/Dockerfile");

    @SuppressWarnings("unchecked")
    private final Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) load().get("services");

    @Test
    void everyServiceHasAnImageOrABuildAndAHealthCheck() {
        assertEquals(Set.of("postgres", "kafka", "hq-service", "distribution-service", "channel-houston",
                "channel-online", "hq-service-2", "distribution-service-2", "prometheus", "grafana"), services.keySet());
        services.forEach((name, service) -> {
            assertTrue(service.containsKey("image") || service.containsKey("build"), name + " has no image or build");
            assertNotNull(service.get("healthcheck"), name + " has no health check");
        });
        assertEquals("apache/kafka:4.1.2", services.get("kafka").get("image"));
        assertTrue(((String) services.get("postgres").get("image")).startsWith("postgres:"));
    }

    @Test
    void theApplicationsGetTheirDatabaseAndKafkaAndWaitForThemToBeHealthy() {
        APPLICATIONS.keySet().forEach(name -> {
            Map<String, Object> env = environment(name);
            assertTrue(String.valueOf(env.get("QUARKUS_DATASOURCE_JDBC_URL")).startsWith("jdbc:postgresql://postgres:5432/"),
                    name);
            assertEquals("kafka:29092", env.get("KAFKA_BOOTSTRAP_SERVERS"), name);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) services.get(name).get("depends_on");
            assertEquals("service_healthy", dependsOn.get("postgres").get("condition"), name);
            assertEquals("service_healthy", dependsOn.get("kafka").get("condition"), name);
        });
    }

    @Test
    void hostPortsAreUniqueAndThoseOfRunSh() {
        List<Integer> published = services.entrySet().stream().filter(e -> !e.getValue().containsKey("profiles"))
                .flatMap(e -> hostPorts(e.getValue()).stream()).toList();
        Set<Integer> runSh = new HashSet<>(SystemLayout.standard().ports().keySet());
        runSh.remove(SystemLayout.standard().kafkaPort() + 1); // the controller is not published
        assertEquals(runSh, new HashSet<>(published));
        List<Integer> all = services.values().stream().flatMap(s -> hostPorts(s).stream()).toList();
        assertEquals(all.size(), new HashSet<>(all).size(), "a host port used twice: " + all);
    }

    /** A key a service has only under %dev or %test has no production value: compose must give it. */
    @Test
    void everySettingAServiceNeedsInProductionIsGiven() throws IOException {
        for (var application : APPLICATIONS.entrySet()) {
            Map<String, Object> env = environment(application.getKey());
            Properties mounted = mountedConfig(application.getKey());
            for (String key : productionGaps(application.getValue())) {
                assertTrue(env.containsKey(envName(key)) || mounted.containsKey(key),
                        application.getKey() + " lacks " + key + " (env " + envName(key) + ")");
            }
            for (String value : mounted.stringPropertyNames().stream().map(mounted::getProperty).toList()) {
                Matcher reference = ENV_REFERENCE.matcher(value);
                while (reference.find()) {
                    assertTrue(env.containsKey(reference.group(1)), application.getKey() + " lacks " + reference.group(1));
                }
            }
        }
    }

    @Test
    void theDockerfileCopiesWhatThePackageBuiltForEachService() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("USER ") && !l.equals("USER root")), "runs as root");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK")), "no health check");
        Pattern copy = Pattern.compile("^COPY(?:\\s+--\\S+)*\\s+(\\S+)\\s+\\S+$");
        for (String module : new TreeSet<>(APPLICATIONS.values())) {
            long copies = 0;
            for (String line : lines) {
                Matcher matcher = copy.matcher(line.trim());
                if (matcher.matches()) {
                    copies++;
                    String source = matcher.group(1).replace("${SERVICE}", module);
                    assertTrue(Files.exists(ROOT.resolve(source)), module + ": " + line);
                }
            }
            assertTrue(copies > 0, module);
        }
        for (String module : new TreeSet<>(APPLICATIONS.values())) {
            assertFalse(Files.exists(ROOT.resolve(module).resolve("Dockerfile")), module + " has a Dockerfile of its own");
        }
    }

    /** One Dockerfile for every service: compose builds each from the root with all its arguments. */
    @Test
    void composeGivesEveryServiceTheDockerfilesBuildArguments() throws IOException {
        Set<String> arguments = Files.readAllLines(DOCKERFILE).stream().map(String::trim)
                .filter(l -> l.startsWith("ARG ")).map(l -> l.substring(4).trim())
                .filter(a -> !a.contains("=")).collect(java.util.stream.Collectors.toSet());
        assertEquals(Set.of("SERVICE", "PORT"), arguments);
        APPLICATIONS.forEach((name, module) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> build = (Map<String, Object>) services.get(name).get("build");
            assertNotNull(build, name + " is not built");
            assertEquals(".", build.get("context"), name);
            assertEquals("deploy/Dockerfile", build.get("dockerfile"), name);
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) build.get("args");
            assertNotNull(args, name + " has no build args");
            assertEquals(arguments, args.keySet(), name);
            assertEquals(module, args.get("SERVICE"), name);
            assertEquals(String.valueOf(environment(name).get("QUARKUS_HTTP_PORT")), String.valueOf(args.get("PORT")), name);
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) services.get(name).get("ports");
            assertTrue(ports.stream().allMatch(p -> p.endsWith(":" + args.get("PORT"))), name + " publishes " + ports);
        });
    }

    /** The heap follows the container's memory limit; a fixed -Xmx would ignore it. */
    @Test
    void theHeapIsAShareOfTheContainersMemory() throws IOException {
        String dockerfile = Files.readString(DOCKERFILE);
        assertTrue(dockerfile.contains("-XX:MaxRAMPercentage="), "no MaxRAMPercentage");
        assertFalse(dockerfile.contains("-Xmx"), "a fixed heap in deploy/Dockerfile");
        APPLICATIONS.keySet().forEach(name -> assertFalse(String.valueOf(environment(name).get("JAVA_OPTS")).contains("-Xmx"),
                name + " sets a fixed heap"));
    }

    /** The observability profile: pinned images, files mounted from deploy/, and every application scraped. */
    @Test
    @SuppressWarnings("unchecked")
    void theObservabilityProfileScrapesEveryApplication() {
        for (String name : List.of("prometheus", "grafana")) {
            Map<String, Object> service = services.get(name);
            assertEquals(List.of("observability"), service.get("profiles"), name);
            assertTrue(String.valueOf(service.get("image")).matches("[a-z/]+:v?\\d+\\.\\d+\\.\\d+"),
                    name + " image not pinned: " + service.get("image"));
            for (String volume : (List<String>) service.get("volumes")) {
                String source = volume.split(":")[0];
                assertTrue(!source.startsWith("./") || Files.exists(ROOT.resolve(source)), name + " mounts " + volume);
            }
        }
        assertEquals(List.of("9090:9090"), services.get("prometheus").get("ports"));
        assertEquals(List.of("3000:3000"), services.get("grafana").get("ports"));
        Set<String> scraped = new TreeSet<>();
        Map<String, Object> config = ObservabilityFiles.load(ObservabilityFiles.PROMETHEUS_CONFIG);
        for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
            assertEquals("/q/metrics", job.get("metrics_path"), String.valueOf(job.get("job_name")));
            for (Map<String, Object> targets : (List<Map<String, Object>>) job.get("static_configs")) {
                scraped.addAll((List<String>) targets.get("targets"));
            }
        }
        Set<String> applications = new TreeSet<>();
        APPLICATIONS.keySet().forEach(name -> applications.add(name + ":" + environment(name).get("QUARKUS_HTTP_PORT")));
        assertEquals(applications, scraped);
    }

    @Test
    void everyContainerHasAMemoryAndACpuLimit() {
        services.forEach((name, service) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> deploy = (Map<String, Object>) service.getOrDefault("deploy", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> resources = (Map<String, Object>) deploy.getOrDefault("resources", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> limits = (Map<String, Object>) resources.getOrDefault("limits", Map.of());
            assertTrue(String.valueOf(limits.get("memory")).matches("\\d+[MG]"), name + " memory limit: " + limits);
            assertTrue(Double.parseDouble(String.valueOf(limits.getOrDefault("cpus", "0"))) > 0,
                    name + " cpu limit: " + limits);
        });
    }

    private Map<String, Object> environment(String service) {
        @SuppressWarnings("unchecked")
        Map<String, Object> env = (Map<String, Object>) services.get(service).get("environment");
        return env;
    }

    private Properties mountedConfig(String service) throws IOException {
        Properties properties = new Properties();
        @SuppressWarnings("unchecked")
        List<String> volumes = (List<String>) services.get(service).getOrDefault("volumes", List.of());
        for (String volume : volumes) {
            String[] parts = volume.split(":");
            if (parts[1].equals("/deployments/config/application.properties")) {
                properties.load(new StringReader(Files.readString(ROOT.resolve(parts[0]))));
            }
        }
        return properties;
    }

    private static Set<String> productionGaps(String module) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(
                ROOT.resolve(module).resolve("src/main/resources/application.properties"))));
        Set<String> gaps = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("%")) {
                String plain = key.substring(key.indexOf('.') + 1);
                if (!properties.containsKey(plain) && !plain.startsWith("quarkus.log.")
                        && !plain.equals("channel.creation-modes")) {
                    gaps.add(plain);
                }
            }
        }
        return gaps;
    }

    private static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> hostPorts(Map<String, Object> service) {
        return ((List<String>) service.getOrDefault("ports", List.of())).stream()
                .map(p -> Integer.parseInt(p.split(":")[0])).toList();
    }

    private static Map<String, Object> load() {
        try {
            return new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
