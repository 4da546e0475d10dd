package io.customersync.distribution.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;


import io.customersync.contracts.Topics;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.messaging.ConsumerLag;
import io.customersync.messaging.PipelineConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Consumer-group lag on every topic of the pipeline, for the pipeline page and as customersync_consumer_lag. */
@Singleton
public class PipelineLag {

    private final ConsumerLag lag;

    public PipelineLag(@Identifier("default-kafka-broker") Map<String, Object> kafka, DistributionConfig config,
            PipelineConfig.Topics settings, MeterRegistry meters) {
        Set<String> topics = new HashSet<>();
        Topics.ALL.forEach(topic -> {
            topics.add(topic);
            topics.add(Topics.deadLetterOf(topic));
        });
        lag = new ConsumerLag(kafka, topics, config.pipeline().lagMaxAge(),
                settings.adminTimeout(), meters);
    }

    void start(@Observes StartupEvent event) {
        CompletableFuture.runAsync(lag::current); // registers the gauges without holding up the start
    }

    public List<ConsumerLag.Lag> current() {
        return lag.current();
    }

    /** Why the lag is not known now, or null. */
    public String unavailable() {
        return lag.unavailable();
    }

    @PreDestroy
    void close() {
        lag.close();
    }
}
