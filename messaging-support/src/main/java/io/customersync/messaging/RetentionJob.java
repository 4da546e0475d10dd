package io.customersync.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;


import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Housekeeping in every service: published outbox rows and the job history, plus the rows the service's own
 * {@link Retention.Rule} beans name (see each service's {@code RetentionRules}), are deleted once
 * older than their retention; at start, then every {@code retention.interval} ({@link RetentionConfig}).
 */
@Singleton
public class RetentionJob {

    private final Retention retention;
    private final Duration interval;
    private final Duration stopGrace;
    private final Workers workers;
    private final JobHistory history;
    private JobRunner worker;

    public RetentionJob(DataSource dataSource, RetentionConfig config, @All List<Retention.Rule> serviceRules,
            Workers workers, JobHistory history) {
        this.workers = workers;
        this.history = history;
        this.interval = config.interval();
        this.stopGrace = config.stopGrace();
        this.retention = new Retention(dataSource,
                Stream.concat(Stream.of(Retention.outbox(config.outbox()), Retention.jobRuns(config.jobRuns())), serviceRules.stream()).toList(),
                config.batchSize(), Clock.systemUTC());
    }

    void start(@Observes StartupEvent event) {
        worker = retention.start("retention", interval, workers, history);
    }

    void stop(@Observes ShutdownEvent event) {
        retention.stop();
        worker.stop(stopGrace);
    }

    public Retention retention() {
        return retention;
    }
}
