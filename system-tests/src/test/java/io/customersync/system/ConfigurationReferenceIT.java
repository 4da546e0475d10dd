package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md lists every setting the services have: in their application.properties and
 * in their code ({@code @ConfigProperty} names, and every key of every {@code @ConfigMapping}: its
 * prefix and its methods in kebab-case, through nested and inherited groups).
 */
class ConfigurationReferenceIT {

    private static final Path ROOT = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("channel-service", "hq-service", "distribution-service");
    private static final Pattern IN_CODE = Pattern.compile(
            "@ConfigProperty\\(name = \"([^\"]+)\"|getValue\\(\"([^\"]+)\"|@ConfigMapping\\(prefix = \"([^\"]+)\"");

    @Test
    void everySettingIsInTheConfigurationReference() throws IOException {
        String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
        TreeSet<String> missing = new TreeSet<>();
        for (String service : SERVICES) {
            for (String line : Files.readAllLines(ROOT.resolve(service + "/src/main/resources/application.properties"))) {
                if (line.isBlank() || line.startsWith("#") || !line.contains("=")
                        || line.startsWith("%test.quarkus.log.category")) {
                    continue;
                }
                String key = line.substring(0, line.indexOf('=')).replaceFirst("^%[a-z]+\\.", "")
                        .replaceFirst("^distribution\\.channels\\.[^.]+\\.", "distribution.channels.<CHANNEL>.");
                if (!reference.contains("`" + key + "`")) {
                    missing.add(service + ": " + key);
                }
            }
        }
        for (Path source : javaSources()) {
            Matcher matcher = IN_CODE.matcher(Files.readString(source));
            while (matcher.find()) {
                String key = matcher.group(1) != null ? matcher.group(1) : matcher.group(2) != null ? matcher.group(2)
                        : matcher.group(3) + ".";
                if (!reference.contains("`" + key)) {
                    missing.add(ROOT.relativize(source) + ": " + key);
                }
            }
        }
        for (String key : new ConfigMappingKeys(javaSources()).keys()) {
            Pattern documented = Pattern.compile("`" + Pattern.quote(key).replace(ConfigMappingKeys.ANY, "\\E<[A-Z_]+>\\Q") + "`");
            if (!documented.matcher(reference).find()) {
                missing.add("@ConfigMapping: " + key);
            }
        }
        assertEquals(new TreeSet<>(), missing, "settings missing from docs/configuration.md");
    }

    @Test
    void theMappingKeysAreFoundInTheSources() throws IOException {
        TreeSet<String> keys = new ConfigMappingKeys(javaSources()).keys();
        for (String key : List.of("hq.jobs.customer-sync.parallelism", "hq.jobs.order-sync.mode", "hq.sync-relay.batch-size",
                "hq.upload-consumer.group-id", "channel.group-commit.wait", "channel.pjob.interval", "channel.pjob.idle-wait",
                "distribution.delivery.batch-size", "distribution.job.mode", "download-relay.send-timeout",
                "distribution-consumer.dead-letter-timeout", "retention.outbox", "retention.job-runs",
                "kafka-topics.replication-factor", "api.load-shedding.connection-pause", "api.rate-limit.max-tracked-addresses",
                "distribution.channels." + ConfigMappingKeys.ANY + ".jdbc-url")) {
            if (!keys.contains(key)) {
                throw new AssertionError("the scan misses " + key + "; it found " + keys);
            }
        }
    }

    private static List<Path> javaSources() throws IOException {
        List<Path> sources = new ArrayList<>();
        for (String module : List.of("channel-service", "hq-service", "distribution-service", "api-support",
                "messaging-support")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module + "/src/main/java"))) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
            }
        }
        return sources;
    }
}
