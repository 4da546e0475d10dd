package io.customersync.distribution;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.flywaydb.core.Flyway;

import io.customersync.testsupport.FreePorts;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;

/**
 * The real broker and PostgreSQL, a distribution database, and a channel registry: HOUSTON, ONLINE
 * and OUTLET with real channel databases (channel-service's own migrations), all of address book
 * RETAIL, OUTLET excluding customer data; and OFFLINE (RETAIL too), a store whose database cannot
 * be reached. Distribution connects to the channel databases as the restricted role, and reads the
 * customers' data keys and HQ's customers (a store's full sync) from {@link HqKeysStub}.
 */
public class ChannelDatabasesResource extends PostgresAndKafkaResource {

    static final Map<String, String> CHANNEL_DATABASES = new LinkedHashMap<>(Map.of("HOUSTON", "dist_channel_houston",
            "ONLINE", "dist_channel_online", "OUTLET", "dist_channel_outlet"));
    static final String DISTRIBUTION_ROLE = "customer_distribution";

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
        config.put("distribution.channels.OUTLET.exclude-customer-data", "true");
        // no hq-service in these tests: the pipeline page must say so, not fail
        config.put("distribution.pipeline.hq-url", "http://localhost:" + FreePorts.any());
        // HQ's key lookup, for the sealed sync records (docs/privacy.md)
        config.put("distribution.customer-keys.hq-url", HqKeysStub.shared().url());
        config.put("distribution.customer-keys.api-key", HqKeysStub.API_KEY);
        // a store's full sync reads HQ's customers from the same stub, two a page: every full sync pages
        config.put("distribution.full-sync.page-size", "2");
        config.put("distribution.full-sync.retry-after", "200ms");
        return config;
    }

    private static void register(Map<String, String> config, String channelId, String jdbcUrl) {
        config.put("distribution.channels." + channelId + ".jdbc-url", jdbcUrl);
        config.put("distribution.channels." + channelId + ".username", DISTRIBUTION_ROLE);
        config.put("distribution.channels." + channelId + ".password", "not-needed-locally");
        config.put("distribution.channels." + channelId + ".address-book", "RETAIL");
    }
}
