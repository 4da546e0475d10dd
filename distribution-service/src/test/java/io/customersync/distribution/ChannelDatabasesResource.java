package io.customersync.distribution;

import java.util.HashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;

import io.customersync.testsupport.FreePorts;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;

/**
 * The real broker and PostgreSQL, a distribution database, and a channel registry of three
 * channels: HOUSTON and ONLINE with real channel databases (channel-service's own migrations),
 * and OFFLINE, a store whose database cannot be reached.
 */
public class ChannelDatabasesResource extends PostgresAndKafkaResource {

    static final Map<String, String> CHANNEL_DATABASES = Map.of("HOUSTON", "dist_channel_houston", "ONLINE",
            "dist_channel_online");

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        PostgresServer postgres = PostgresServer.shared();
        CHANNEL_DATABASES.forEach((channelId, database) -> {
            postgres.createDatabase(database);
            Flyway.configure()
                    .dataSource(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD)
                    .locations("classpath:db/channel", "classpath:db/outbox")
                    .load().migrate();
            register(config, channelId, postgres.jdbcUrl(database));
        });
        register(config, "OFFLINE", "jdbc:postgresql://localhost:" + FreePorts.any() + "/offline_store");
        return config;
    }

    private static void register(Map<String, String> config, String channelId, String jdbcUrl) {
        config.put("distribution.channels." + channelId + ".jdbc-url", jdbcUrl);
        config.put("distribution.channels." + channelId + ".username", PostgresServer.USER);
        config.put("distribution.channels." + channelId + ".password", PostgresServer.PASSWORD);
    }
}
