package io.customersync.hq.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.customersync.hq.config.HqConfig;
import io.customersync.hq.domain.StagedCustomers;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.Workers;
import io.customersync.messaging.SampleHistory;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * HQ's part of the pipeline page's charts: staged customers pending per channel (series
 * {@code staging/<channel>}), sampled every {@code hq.staging-history.sample-interval} by a SCHEDULED
 * {@link JobRunner} and kept for {@code hq.staging-history.window}. distribution-service keeps no HQ
 * credential, so HQ samples this itself and the page fetches it with its user's key. A channel is in
 * the chart once it had a customer waiting or staged one; then it is 0 when none wait; a sample the
 * database did not answer is a gap.
 */
@Singleton
public class StagingHistory {

    private final StagedCustomers staging;
    private final SampleHistory history;
    private final JobRunner runner;
    private final Workers workers;
    private final HqConfig.Jobs jobs;
    private final Set<String> channels = new TreeSet<>();
    private Instant lastSampleAt;

    public StagingHistory(StagedCustomers staging, HqConfig config, Workers workers, JobHistory jobHistory) {
        this.workers = workers;
        this.staging = staging;
        this.jobs = config.jobs();
        HqConfig.StagingHistory settings = config.stagingHistory();
        this.history = new SampleHistory(settings.sampleInterval(), settings.window());
        this.runner = new JobRunner("staging-history", JobRunner.Mode.SCHEDULED, settings.sampleInterval(), null,
                this::sample, jobHistory);
    }

    void start(@Observes StartupEvent event) {
        runner.start(workers, Workers.Scope.OPS_VIEW); // the page's history: never the service's readiness
    }

    void stop(@Observes ShutdownEvent event) {
        runner.stop(jobs.stopGrace());
    }

    /** The samples of the window, as columns. */
    public SampleHistory.Columns columns() {
        return history.columns(Instant.now());
    }

    /** The channel a series is of ({@code staging/HOUSTON}: HOUSTON). */
    public static String channelOf(String series) {
        return series.substring(series.indexOf('/') + 1);
    }

    /** Takes one sample now (the runner's job; tests call it too). */
    public synchronized JobRunner.Result sample() {
        Instant now = Instant.now();
        Instant stagedSince = lastSampleAt == null ? now.minus(history.interval()) : lastSampleAt;
        Map<String, Long> pending;
        try {
            pending = QuarkusTransaction.requiringNew().call(() -> staging.pendingByChannel(stagedSince));
        } catch (RuntimeException e) {
            history.record(now, Map.of(), Map.of()); // a gap in the chart
            throw e;
        }
        lastSampleAt = now;
        channels.addAll(pending.keySet());
        Map<String, Double> values = new LinkedHashMap<>();
        channels.forEach(channel -> values.put("staging/" + channel, (double) pending.getOrDefault(channel, 0L)));
        history.record(now, values, Map.of());
        return new JobRunner.Result(values.size(), 0);
    }
}
