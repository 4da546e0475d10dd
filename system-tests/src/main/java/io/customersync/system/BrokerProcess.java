package io.customersync.system;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The Kafka broker as a child process of its own: Apache Kafka's own {@code kafka.Kafka} main from
 * the jars Maven resolved (kafka_2.13, as this JVM has them), one node in KRaft combined mode
 * (broker and controller; the controller on port + 1), its storage formatted once with Kafka's
 * {@code kafka.tools.StorageTool}, its output in a log file of its own. Stopping it is a SIGTERM
 * (Kafka's controlled shutdown, data kept); {@link #kill()} is a kill -9.
 */
public final class BrokerProcess {

    private final int port;
    private final Path dataDirectory;
    private final Path configDirectory;
    private final String clusterId;
    private final List<String> jvmOptions;
    private final Path log;
    private final String classpath = JvmClasspath.joined(JvmClasspath.current());
    private Process process;

    /**
     * @param dataDirectory Kafka's {@code log.dirs}: topics stay there between starts
     * @param configDirectory where server.properties and the broker's logging configuration are written
     * @param clusterId the cluster the storage is formatted for
     */
    public BrokerProcess(int port, Path dataDirectory, Path configDirectory, String clusterId, List<String> jvmOptions,
            Path log) {
        this.port = port;
        this.dataDirectory = dataDirectory;
        this.configDirectory = configDirectory;
        this.clusterId = clusterId;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.log = log;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public Path log() {
        return log;
    }

    /** The operating-system process id; -1 when not running. */
    public long pid() {
        return isAlive() ? process.pid() : -1;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Formats the storage if it is new, starts the broker and waits until it answers as a cluster of one. */
    public synchronized void start(Duration timeout) throws IOException, InterruptedException {
        if (isAlive()) {
            return;
        }
        Path serverProperties = writeConfiguration();
        if (!Files.exists(dataDirectory.resolve("meta.properties"))) {
            format(serverProperties, timeout);
        }
        process = java("kafka.Kafka", serverProperties.toString()).start();
        awaitReady(timeout);
    }

    /** Graceful stop (SIGTERM: Kafka's controlled shutdown), forced after the grace period. */
    public synchronized void stop(Duration grace) throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        }
    }

    /** kill -9: no controlled shutdown; the next start recovers the logs. */
    public synchronized void kill() throws InterruptedException {
        if (isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void format(Path serverProperties, Duration timeout) throws IOException, InterruptedException {
        Process tool = java("kafka.tools.StorageTool", "format", "--cluster-id", clusterId, "--config",
                serverProperties.toString()).start();
        if (!tool.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            tool.destroyForcibly();
            throw new IllegalStateException("formatting Kafka's storage took longer than " + timeout + "; see " + log);
        }
        if (tool.exitValue() != 0) {
            throw new IllegalStateException("formatting Kafka's storage failed (" + tool.exitValue() + "); see " + log);
        }
    }

    private ProcessBuilder java(String mainClass, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");
        command.add("-Dlogging.configuration=" + configDirectory.resolve("logging.properties").toUri());
        command.add(mainClass);
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLASSPATH", classpath);
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!accepts()) {
            if (!isAlive()) {
                throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + "; see " + log);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the Kafka broker did not listen within " + timeout + "; see " + log);
            }
            Thread.sleep(100);
        }
        Map<String, Object> settings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout.toMillis()));
        try (Admin admin = Admin.create(settings)) {
            if (admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                throw new IllegalStateException("the Kafka broker knows no node; see " + log);
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the Kafka broker did not answer within " + timeout + "; see " + log, e);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("localhost", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private Path writeConfiguration() throws IOException {
        Files.createDirectories(configDirectory);
        Files.createDirectories(dataDirectory);
        Properties server = new Properties();
        server.putAll(serverProperties());
        Path file = configDirectory.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            server.store(out, "written by the local launcher (BrokerProcess) at every start");
        }
        Files.writeString(configDirectory.resolve("logging.properties"), """
                # the broker's own log (JBoss LogManager, Kafka logs through SLF4J)
                logger.level=INFO
                logger.handlers=CONSOLE
                # the whole configuration, several times per start: server.properties beside this file has it
                loggers=org.apache.kafka.common.config.AbstractConfig
                logger.org.apache.kafka.common.config.AbstractConfig.level=WARN
                handler.CONSOLE=org.jboss.logmanager.handlers.ConsoleHandler
                handler.CONSOLE.properties=autoFlush,target
                handler.CONSOLE.autoFlush=true
                handler.CONSOLE.target=SYSTEM_OUT
                handler.CONSOLE.formatter=PATTERN
                formatter.PATTERN=org.jboss.logmanager.formatters.PatternFormatter
                formatter.PATTERN.properties=pattern
                formatter.PATTERN.pattern=%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c] %s%e%n
                """);
        return file;
    }

    /** One node, broker and controller; the same topic defaults as the in-JVM test broker (KafkaBroker). */
    private Map<String, String> serverProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("node.id", "1");
        p.put("process.roles", "broker,controller");
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1));
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("controller.quorum.voters", "1@localhost:" + (port + 1));
        p.put("log.dirs", dataDirectory.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "false");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the 128 MB default would take half of a small heap
        p.put("log.cleaner.dedupe.buffer.size", "2097152");
        p.put("log.segment.delete.delay.ms", "1000");
        // after a kill -9 the controller keeps the dead incarnation registered until its session times
        // out (9 s by default), and the restarted broker waits for that: 4 s here
        p.put("broker.heartbeat.interval.ms", "1000");
        p.put("broker.session.timeout.ms", "4000");
        for (String setting : System.getProperty("broker.config", "").split(",")) { // bench/run --broker-config=k=v,k=v
            if (setting.contains("=")) {
                p.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        return p;
    }
}
