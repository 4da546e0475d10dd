package io.customersync.distribution.config;

import io.customersync.messaging.PipelineConfig;
import io.smallrye.config.ConfigMapping;

/** distribution-service's relay and consumer settings, under their own keys (docs/configuration.md). */
public interface MessagingConfig {

    /** The relay that publishes the download sessions' events. */
    @ConfigMapping(prefix = "download-relay")
    interface DownloadRelay extends PipelineConfig.Relay {
    }

    /** The consumer of HQ's customer-sync events that queues deliveries. */
    @ConfigMapping(prefix = "distribution-consumer")
    interface SyncConsumer extends PipelineConfig.Consumer {
    }
}
