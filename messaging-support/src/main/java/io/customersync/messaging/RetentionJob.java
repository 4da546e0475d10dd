package io.customersync.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.All;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Housekeeping in every service: published outbox rows, plus the rows the service's own
 * {@link Retention.Rule} beans name (see each service's {@code RetentionRules}), are deleted once
 * older than their retention; at start, then every {@code retention.interval}.
 */
@Singleton
public class RetentionJob {

    private final Retention retention;
    private final Duration interval;
    private final Duration stopGrace;
    private BackgroundWorker worker;

    public RetentionJob(DataSource dataSource, @ConfigProperty(name = "retention.interval") Duration interval,
            @ConfigProperty(name = "retention.batch-size") int batchSize,
            @ConfigProperty(name = "retention.outbox") Duration outbox,
            @ConfigProperty(name = "retention.stop-grace") Duration stopGrace, @All List<Retention.Rule> serviceRules) {
        this.interval = interval;
        this.stopGrace = stopGrace;
        this.retention = new Retention(dataSource,
                Stream.concat(Stream.of(Retention.outbox(outbox)), serviceRules.stream()).toList(), batchSize,
                Clock.systemUTC());
    }

    void start(@Observes StartupEvent event) {
        worker = retention.start("retention", interval);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop(stopGrace);
    }

    public Retention retention() {
        return retention;
    }
}
