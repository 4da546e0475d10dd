package io.customersync.distribution.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;


import io.customersync.contracts.Topics;
import io.customersync.distribution.config.MessagingConfig;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.OutboxRelayRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Publishes distribution's outbox (CustomersDistributed events) to Kafka as each download session commits. */
@Singleton
public class DownloadEventRelay {

    /** Advisory lock that makes one relay per distribution database the active one. */
    private static final long LEADER_LOCK = 0x44495354L; // "DIST"

    private final OutboxRelayRunner runner;

    public DownloadEventRelay(DataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MessagingConfig.DownloadRelay settings, PipelineConfig.Topics topics, Workers workers, JobHistory history) {
        runner = new OutboxRelayRunner(dataSource, kafka, topics, settings, "download-relay", DistributionOutbox.NOTIFY_CHANNEL, LEADER_LOCK,
                List.of(Topics.CUSTOMER_DOWNLOADS), workers, history);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }
}
