package io.customersync.channel.jobs;

import java.time.Duration;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.CustomerDataKeys;
import io.customersync.channel.domain.KeyEscrow;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The job {@code unused-keys-purge} (decision 0018): keys made ahead that no customer took and no service can give
 * any more, twice {@code channel.pjob.keys-ahead-max-age} old (what a crash left), deleted here and forgotten at HQ
 * ({@link CustomerDataKeys#purgeLeftUnused}); at start, then every {@code channel.unused-keys-purge.interval}, on
 * messaging-support's {@link JobRunner} (its runs in the job history). Any instance may run it: the rule is the
 * keys' age, not which service holds what. A run HQ does not answer fails and is tried again at the next.
 */
@Singleton
public class UnusedKeysPurge {

    public static final String NAME = "unused-keys-purge";
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final JobRunner runner;
    private final Workers workers;

    public UnusedKeysPurge(CustomerDataKeys keys, KeyEscrow escrow, ChannelConfig config, JobHistory history,
            Workers workers) {
        this.workers = workers;
        this.runner = new JobRunner(NAME, JobRunner.Mode.CONTINUOUS, config.unusedKeysPurge().interval(), null,
                () -> new JobRunner.Result(keys.purgeLeftUnused(escrow), 0), history);
    }

    void start(@Observes StartupEvent event) {
        runner.start(workers);
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop(STOP_GRACE);
    }
}
