package io.customersync.channel.messaging;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.CustomerDataKeys;
import io.customersync.channel.domain.KeyEscrow;
import io.customersync.contracts.Topics;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.OutboxRelayRunner;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

/**
 * The P-job: uploads the channel database's outbox (async customers and everything about them)
 * to Kafka. CONTINUOUS (the default): the moment each transaction commits; SCHEDULED: every
 * {@code channel.pjob.interval}; ON_DEMAND: when ops run it. If Kafka is down the rows wait in the
 * channel database and POS calls go on succeeding. Every run is in the job history under
 * {@code p-job} (its batches summed, runs asked for and failures a row each).
 * <p>
 * Before it publishes a batch, it escrows to HQ every data key HQ does not hold yet
 * ({@link CustomerDataKeys#escrowPending}; decision 0014), so HQ can open every sealed event it
 * receives. While HQ does not take them (unreachable), the batch waits in the outbox, retried with
 * back-off as when Kafka is down; customers are still created at the channel meanwhile.
 */
@Singleton
public class PJob {

    public static final String NAME = "p-job";

    /** Advisory lock that makes one P-job per channel database the active one. */
    private static final long LEADER_LOCK = 0x504a4f42L; // "PJOB"

    private final OutboxRelayRunner runner;
    private final CustomerDataKeys keys;
    private final KeyEscrow escrow;

    public PJob(DataSource dataSource, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            ChannelConfig config, PipelineConfig.Topics topics, Workers workers, JobHistory history,
            CustomerDataKeys keys, KeyEscrow escrow) {
        ChannelConfig.Pjob settings = config.pjob();
        runner = new OutboxRelayRunner(dataSource, kafka, topics, settings, NAME, ChannelOutbox.NOTIFY_CHANNEL,
                LEADER_LOCK, List.of(Topics.CUSTOMER_UPLOADS), settings.mode(), settings.interval(), workers, history);
        runner.beforePublish(() -> keys.escrowPending(escrow));
        this.keys = keys;
        this.escrow = escrow;
    }

    public JobRunner.Mode mode() {
        return runner.mode();
    }

    /** Uploads everything unsent now, whatever the mode; the run is recorded as asked for by {@code who}. */
    public void runNow(String who) {
        runner.runNow(who);
    }

    void start(@Observes StartupEvent event) {
        runner.start();
    }

    /** Stops publishing, then gives HQ back the keys made ahead that no customer took (decision 0018). */
    void stop(@Observes ShutdownEvent event) {
        runner.stop();
        keys.giveBackUnused(escrow);
    }
}
