package io.customersync.distribution.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** distribution-service's own settings: the channel registry and how deliveries run. */
@ConfigMapping(prefix = "distribution")
public interface DistributionConfig {

    /** The channel registry: channel id to its channel database. */
    Map<String, ChannelDatabase> channels();

    Delivery delivery();

    interface ChannelDatabase {
        String jdbcUrl();

        String username();

        String password();
    }

    interface Delivery {
        int batchSize();

        Duration idleWait();

        Duration retryInitial();

        Duration retryMax();

        Duration stopGrace();

        int poolSize();

        Duration connectTimeout();

        Duration socketTimeout();
    }
}
