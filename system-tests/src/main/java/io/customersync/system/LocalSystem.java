package io.customersync.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.customersync.testsupport.PostgresServer;

/**
 * The whole system on one machine: a real PostgreSQL (a database per service and per channel), a
 * real KRaft Kafka broker ({@link BrokerProcess}), and the packaged services, each a child process
 * of its own. Used by ./run.sh and by the system tests.
 */
public final class LocalSystem implements AutoCloseable {

    public static final String HQ = "hq-service";
    public static final String DISTRIBUTION = "distribution-service";
    /** The least-privilege role of channel databases (channel-schema), which distribution connects as. */
    static final String DISTRIBUTION_ROLE = "customer_distribution";
    /** HOUSTON and ONLINE share an address book: a customer created at one is found at the other. */
    static final String ADDRESS_BOOK = "RETAIL";

    /**
     * @param dataDirectory where data is kept between starts; null for throw-away data (tests)
     * @param logDirectory where each service's and the broker's output goes
     */
    public record Options(Path repositoryRoot, Path dataDirectory, Path logDirectory, List<String> serviceJvmOptions,
            Duration startTimeout, Duration stopGrace) {
    }

    private final SystemLayout layout;
    private final Options options;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private PostgresServer postgres;
    private BrokerProcess kafka;
    /** The broker's files when there is no data directory: deleted on close. */
    private Path throwAwayKafka;

    private LocalSystem(SystemLayout layout, Options options) {
        this.layout = layout;
        this.options = options;
    }

    public static LocalSystem start(SystemLayout layout, Options options) throws Exception {
        LocalSystem system = new LocalSystem(layout, options);
        try {
            system.startInfrastructure();
            system.startServices();
            return system;
        } catch (Exception e) {
            system.close();
            throw e;
        }
    }

    public SystemLayout layout() {
        return layout;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /** Every service process, in start order. */
    public List<ServiceProcess> services() {
        return List.copyOf(services.values());
    }

    /** Starts one more instance of a service (same database, same consumer group), e.g. a second HQ. */
    public ServiceProcess startAnotherInstance(String service, String instanceName, int port) throws Exception {
        ServiceProcess instance = services.get(service).anotherInstance(instanceName, port);
        services.put(instanceName, instance);
        instance.start();
        instance.awaitReady(options.startTimeout());
        return instance;
    }

    public static String channelService(String channelId) {
        return "channel-service-" + channelId;
    }

    public String kafkaBootstrapServers() {
        return "localhost:" + layout.kafkaPort();
    }

    /** Stops the broker gracefully (its data stays); {@link #startKafka()} brings the same cluster back on the same port. */
    public void stopKafka() throws InterruptedException {
        kafka.stop(options.stopGrace());
    }

    /** kill -9 of the broker process alone; {@link #startKafka()} brings it back, its logs recovered. */
    public void killKafka() throws InterruptedException {
        kafka.kill();
    }

    /** Starts the broker again if it is not running (same data, same cluster, same port) and waits for it. */
    public void startKafka() throws IOException, InterruptedException {
        kafka.start(options.startTimeout());
    }

    /** The broker's process id (-1 while it is down). */
    public long kafkaPid() {
        return kafka.pid();
    }

    public Path kafkaLog() {
        return kafka.log();
    }

    /** Stops the PostgreSQL server (every session ended, its data kept); {@link #startPostgres()} brings it back. */
    public void stopPostgres() {
        postgres.close();
    }

    /** Starts the PostgreSQL server again on the same port, from the same data (needs a data directory). */
    public void startPostgres() {
        if (options.dataDirectory() == null) {
            throw new IllegalStateException("PostgreSQL can be started again only from a data directory");
        }
        postgres = PostgresServer.start(options.dataDirectory().resolve("postgres"), layout.postgresPort());
    }

    public Connection connect(String database) throws SQLException {
        return postgres.connect(database);
    }

    public void createDatabase(String database) {
        postgres.createDatabase(database);
    }

    public String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    private void startInfrastructure() throws IOException, InterruptedException {
        Files.createDirectories(options.logDirectory());
        Path data = options.dataDirectory();
        postgres = PostgresServer.start(data == null ? null : data.resolve("postgres"), layout.postgresPort());
        postgres.createDatabase(SystemLayout.HQ_DATABASE);
        postgres.createDatabase(SystemLayout.DISTRIBUTION_DATABASE);
        SystemLayout.CHANNELS.forEach(channel -> postgres.createDatabase(channel.database()));
        Path kafkaFiles = data;
        String clusterId;
        if (data == null) {
            throwAwayKafka = Files.createTempDirectory("kafka-broker");
            kafkaFiles = throwAwayKafka;
            clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        } else {
            clusterId = clusterId(data);
        }
        kafka = new BrokerProcess(layout.kafkaPort(), kafkaFiles.resolve("kafka"), kafkaFiles.resolve("kafka-config"),
                clusterId, SystemLayout.brokerJvmOptions(), options.logDirectory().resolve("kafka.log"));
        kafka.start(options.startTimeout());
    }

    /** Kafka's storage is formatted for one cluster id; keep it beside the data to start the same cluster again. */
    private static String clusterId(Path data) throws IOException {
        Path file = data.resolve("kafka-cluster-id");
        if (!Files.exists(file)) {
            Files.createDirectories(data);
            Files.writeString(file, org.apache.kafka.common.Uuid.randomUuid().toString());
        }
        return Files.readString(file).trim();
    }

    private void startServices() throws Exception {
        Map<String, String> hq = common(SystemLayout.HQ_DATABASE);
        StringBuilder hqKeys = new StringBuilder("*:ops:" + sha256(SystemLayout.OPS_KEY));
        SystemLayout.CHANNELS.forEach(c -> hqKeys.append(',').append(c.id()).append(":channel:").append(sha256(c.rtsKey())));
        hqKeys.append(",*:distribution:").append(sha256(SystemLayout.DISTRIBUTION_KEY));
        hq.put("api.credentials", hqKeys.toString());
        hq.put("hq.distribution.url", "http://localhost:" + layout.distributionPort());
        add(HQ, "hq-service", layout.hqPort(), hq);
        Map<String, String> distribution = common(SystemLayout.DISTRIBUTION_DATABASE);
        distribution.putAll(Map.of("api.credentials", "*:ops:" + sha256(SystemLayout.OPS_KEY),
                "distribution.pipeline.hq-url", "http://localhost:" + layout.hqPort(), "distribution.customer-keys.hq-url",
                "http://localhost:" + layout.hqPort(), "distribution.customer-keys.api-key", SystemLayout.DISTRIBUTION_KEY));
        Map<String, String> secrets = new LinkedHashMap<>();
        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            String prefix = "distribution.channels." + channel.id() + ".";
            distribution.put(prefix + "jdbc-url", postgres.jdbcUrl(channel.database()));
            distribution.put(prefix + "username", DISTRIBUTION_ROLE);
            distribution.put(prefix + "address-book", ADDRESS_BOOK);
            // channel database passwords come from the environment, as in production: the property names
            // the variable (environment variable names cannot keep a map key's upper case)
            String variable = "CHANNEL_DB_PASSWORD_" + channel.id();
            distribution.put(prefix + "password", "${" + variable + "}");
            secrets.put(variable, PostgresServer.PASSWORD);
        }
        add(DISTRIBUTION, "distribution-service", layout.distributionPort(), distribution, secrets);

        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            add(channelService(channel.id()), "channel-service", layout.channelPorts().get(channel.id()),
                    channelServiceSettings(channel.database(), List.of(channel)));
        }
        for (ServiceProcess service : services.values()) {
            service.start();
        }
        for (ServiceProcess service : services.values()) {
            service.awaitReady(options.startTimeout());
        }
    }

    /**
     * Starts one more channel-service with a database of its own that serves several channels (a
     * multi-channel deployment: each channel's terminal key, one database, one HQ key: the first
     * channel's), with {@code settings} on top.
     */
    public ServiceProcess startChannelService(String name, int port, String database, List<SystemLayout.Channel> channels,
            Map<String, String> settings) throws Exception {
        postgres.createDatabase(database);
        Map<String, String> properties = channelServiceSettings(database, channels);
        properties.putAll(settings);
        add(name, "channel-service", port, properties);
        ServiceProcess service = services.get(name);
        service.start();
        service.awaitReady(options.startTimeout());
        return service;
    }

    private Map<String, String> channelServiceSettings(String database, List<SystemLayout.Channel> channels) {
        Map<String, String> properties = common(database);
        StringBuilder credentials = new StringBuilder("*:ops:" + sha256(SystemLayout.OPS_KEY));
        channels.forEach(c -> credentials.append(',').append(c.id()).append(':').append(c.role()).append(':')
                .append(sha256(c.demoKey())));
        properties.put("api.credentials", credentials.toString());
        properties.put("channel.creation-modes", String.join(",",
                channels.stream().map(c -> c.id() + ":" + c.creationMode()).toList()));
        properties.put("channel.rts.api-key", channels.get(0).rtsKey());
        properties.put("quarkus.rest-client.hq-rts.url", "http://localhost:" + layout.hqPort());
        return properties;
    }

    private Map<String, String> common(String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        properties.put("quarkus.datasource.username", PostgresServer.USER);
        properties.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return properties;
    }

    private void add(String name, String module, int port, Map<String, String> properties) {
        add(name, module, port, properties, Map.of());
    }

    private void add(String name, String module, int port, Map<String, String> properties, Map<String, String> environment) {
        Path jar = options.repositoryRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        services.put(name, new ServiceProcess(name, jar, port, properties, environment, options.serviceJvmOptions(),
                options.logDirectory().resolve(name + ".log")));
    }

    private static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops the services (gracefully), then the broker (gracefully) and the database. */
    @Override
    public void close() throws InterruptedException {
        end(options.stopGrace());
    }

    /** At a test JVM's exit: no time for graceful stops (the runner would leave an orphan broker). */
    public void halt() throws InterruptedException {
        end(Duration.ZERO);
    }

    private void end(Duration grace) throws InterruptedException {
        List<ServiceProcess> running = new ArrayList<>(services.values());
        java.util.Collections.reverse(running);
        for (ServiceProcess service : running) {
            service.stop(grace);
        }
        if (kafka != null) {
            kafka.stop(grace);
        }
        if (postgres != null) {
            postgres.close();
        }
        if (throwAwayKafka != null) {
            ThrowAwayFiles.delete(throwAwayKafka);
        }
    }
}
