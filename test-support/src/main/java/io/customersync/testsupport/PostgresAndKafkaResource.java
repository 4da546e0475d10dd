package io.customersync.testsupport;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Hands a Quarkus test the real broker and a database of its own on the real PostgreSQL.
 * Argument {@code database}: the database name (default {@code app}).
 */
public class PostgresAndKafkaResource implements QuarkusTestResourceLifecycleManager {

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        PostgresServer postgres = PostgresServer.shared();
        postgres.createDatabase(database);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database));
        config.put("quarkus.datasource.username", PostgresServer.USER);
        config.put("quarkus.datasource.password", PostgresServer.PASSWORD);
        config.put("kafka.bootstrap.servers", KafkaBroker.shared().bootstrapServers());
        return config;
    }

    @Override
    public void stop() {
        // the server and broker are shared by every test of this JVM and stop when it exits
    }
}
