package io.customersync.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One packaged service (Quarkus fast-jar) running as a child process, its output in a log file. */
public final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;
    private final Path log;
    private Process process;

    /**
     * Settings that are secrets, passed in the service's environment under these names, never on its command line
     * ({@code ps} shows it to every user of the machine; the database password and distribution's key to HQ were
     * there until 2026-12-06, found by probing).
     */
    static final Map<String, String> SECRETS = Map.of("quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD",
            "distribution.customer-keys.api-key", "DISTRIBUTION_CUSTOMER_KEYS_API_KEY",
            "channel.rts.api-key", "CHANNEL_RTS_API_KEY");

    /**
     * @param properties configuration as system properties
     * @param environment configuration as environment variables (secrets: not on the command line)
     */
    public ServiceProcess(String name, Path jar, int port, Map<String, String> properties,
            Map<String, String> environment, List<String> jvmOptions, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        Map<String, String> visible = new java.util.LinkedHashMap<>(properties);
        Map<String, String> hidden = new java.util.LinkedHashMap<>(environment);
        SECRETS.forEach((property, variable) -> {
            String value = visible.remove(property);
            if (value != null) {
                hidden.put(variable, value);
            }
        });
        this.properties = Map.copyOf(visible);
        this.environment = Map.copyOf(hidden);
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = log;
    }

    /** The same service again, as another instance: same configuration, its own port and log. */
    public ServiceProcess anotherInstance(String instanceName, int instancePort) {
        return new ServiceProcess(instanceName, jar, instancePort, properties, environment, jvmOptions,
                log.resolveSibling(instanceName + ".log"));
    }

    /** The same service with {@code settings} on top of its configuration: same name, port and log (run one at a time). */
    public ServiceProcess withSettings(Map<String, String> settings) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(properties);
        merged.putAll(settings);
        return new ServiceProcess(name, jar, port, merged, environment, jvmOptions, log);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public synchronized void start() throws IOException {
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -DskipTests package)");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        // glibc's many malloc arenas (one per thread pool) are most of a small JVM's native memory
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        builder.environment().putAll(environment);
        process = builder
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Waits until the service answers ready on /q/health/ready. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
    }

    /** The operating-system process id, for resource measurements; -1 when not running. */
    public long pid() {
        return isAlive() ? process.pid() : -1;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM), forced after the grace period. */
    public synchronized void stop(Duration grace) throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    /** kill -9: no shutdown hooks, no goodbyes. */
    public synchronized void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
