package io.customersync.hq.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;


import io.customersync.contracts.Topics;
import io.customersync.hq.config.HqConfig;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.OutboxRelayRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/** Publishes HQ's outbox (CustomerSynchronized events) to Kafka the moment each sync commits. */
@Singleton
public class CustomerSyncRelay {

    /** Advisory lock that makes one relay per HQ database the active one. */
    private static final long LEADER_LOCK = 0x48515359L; // "HQSY"

    private final OutboxRelayRunner runner;

    public CustomerSyncRelay(DataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            HqConfig config, PipelineConfig.Topics topics, Workers workers, JobHistory history) {
        runner = new OutboxRelayRunner(dataSource, kafka, topics, config.syncRelay(), "hq-sync-relay",
                HqOutbox.NOTIFY_CHANNEL, LEADER_LOCK, List.of(Topics.CUSTOMER_SYNC), workers, history);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop();
    }
}
