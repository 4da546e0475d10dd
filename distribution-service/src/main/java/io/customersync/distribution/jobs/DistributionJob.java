package io.customersync.distribution.jobs;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.messaging.CustomerSyncConsumer;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.Backoff;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.Workers;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.NotificationLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The 1010 job: one {@link JobRunner} per channel of the registry, each delivering that channel's
 * queue. Continuous (default): a channel's runner is woken the moment the consumer queues work for
 * it (PostgreSQL NOTIFY); scheduled: every interval; on demand: when ops run it. One store being
 * offline never holds up another.
 */
@Singleton
public class DistributionJob {

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final DistributionConfig.Delivery settings;
    private final DistributionConfig.Job job;
    private final DistributionMetrics metrics;
    private final Map<String, JobRunner> runners = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Workers workers;
    private final JobHistory history;
    private BackgroundWorker dispatcher;

    public DistributionJob(DataSource queue, ChannelRegistry registry, DistributionConfig config,
            DistributionMetrics metrics, Workers workers, JobHistory history) {
        this.history = history;
        this.metrics = metrics;
        this.workers = workers;
        this.queue = queue;
        this.registry = registry;
        this.settings = config.delivery();
        this.job = config.job();
    }

    public JobRunner.Mode mode() {
        return job.mode();
    }

    /** Runs the 1010 job now for every channel, asked for by {@code who}. */
    public void runNow(String who) {
        runners.values().forEach(runner -> runner.runNow(who));
    }

    /** Runs one channel's delivery now, e.g. after ops released its parked deliveries. */
    public void runNow(String channelId, String who) {
        JobRunner runner = runners.get(channelId);
        if (runner != null) {
            runner.runNow(who);
        }
    }

    /** The runners, one per channel, by job name ({@code 1010-<channel>}). */
    public List<JobRunner> runners() {
        return List.copyOf(runners.values());
    }

    void start(@Observes StartupEvent event) {
        channelsChanged(registry.channelIds());
        registry.onChange(this::channelsChanged);
        if (job.mode() == JobRunner.Mode.CONTINUOUS) {
            // wakes the runner of each channel named in a NOTIFY, and all of them after a reconnect
            Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax());
            dispatcher = workers.start("notify:1010-dispatcher", () -> new NotificationLoop("1010 dispatcher", queue,
                    CustomerSyncConsumer.NOTIFY_CHANNEL, settings.idleWait(), backoff,
                    () -> runners.values().forEach(JobRunner::workArrived), this::workArrived));
        }
        LOG.infof("1010 job (%s) delivering to channels %s", job.mode(), registry.channelIds());
    }

    private synchronized void channelsChanged(java.util.Set<String> owned) {
        runners.keySet().stream().filter(id -> !owned.contains(id)).toList()
                .forEach(id -> runners.remove(id).stop(settings.stopGrace()));
        for (String channelId : owned) {
            if (runners.containsKey(channelId)) {
                continue;
            }
            ChannelDeliveryWorker worker = new ChannelDeliveryWorker(channelId, queue,
                    registry.database(channelId).orElseThrow(), settings, metrics);
            JobRunner runner = new JobRunner("1010-" + channelId, job.mode(),
                    job.mode() == JobRunner.Mode.SCHEDULED ? job.interval() : settings.idleWait(),
                    new Backoff(settings.retryInitial(), settings.retryMax()), worker::deliverAll, history);
            runners.put(channelId, runner);
            runner.start(workers, Workers.Scope.ONE_CHANNEL); // one channel's worker never makes the service unready
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (dispatcher != null) {
            dispatcher.stop(settings.stopGrace());
        }
        runners.values().forEach(runner -> runner.stop(settings.stopGrace()));
    }

    private void workArrived(String channelId) {
        JobRunner runner = runners.get(channelId);
        if (runner != null) {
            runner.workArrived();
        }
    }
}
