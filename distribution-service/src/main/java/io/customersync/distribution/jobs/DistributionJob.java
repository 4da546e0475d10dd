package io.customersync.distribution.jobs;

import java.util.ArrayList;
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
import io.customersync.messaging.NotificationLoop;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The 1010 job: one delivery worker per channel of the registry. Continuous (default): a worker is
 * woken the moment the consumer queues work for its channel (PostgreSQL NOTIFY); scheduled: every
 * interval; on demand: when ops run it. One store being offline never holds up another.
 */
@Singleton
public class DistributionJob {

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final DistributionConfig.Delivery settings;
    private final DistributionConfig.Job job;
    private final Map<String, ChannelDeliveryWorker> workers = new TreeMap<>();
    private final List<BackgroundWorker> threads = new ArrayList<>();
    private volatile boolean running = true;

    private final DistributionMetrics metrics;

    public DistributionJob(DataSource queue, ChannelRegistry registry, DistributionConfig config,
            DistributionMetrics metrics) {
        this.metrics = metrics;
        this.queue = queue;
        this.registry = registry;
        this.settings = config.delivery();
        this.job = config.job();
    }

    public DistributionConfig.JobMode mode() {
        return job.mode();
    }

    /** Runs the 1010 job now for every channel (on demand; in continuous mode it is already running). */
    public void runNow() {
        workers.values().forEach(ChannelDeliveryWorker::wake);
    }

    /** Wakes one channel's worker, e.g. after ops released its parked deliveries. */
    public void runNow(String channelId) {
        ChannelDeliveryWorker worker = workers.get(channelId);
        if (worker != null) {
            worker.wake();
        }
    }

    void start(@Observes StartupEvent event) {
        for (String channelId : registry.channelIds()) {
            ChannelDeliveryWorker worker = new ChannelDeliveryWorker(channelId, queue,
                    registry.database(channelId).orElseThrow(), settings,
                    job.mode() == DistributionConfig.JobMode.CONTINUOUS, metrics);
            workers.put(channelId, worker);
            threads.add(BackgroundWorker.start("1010-" + channelId, worker, worker::stop));
        }
        switch (job.mode()) {
            case CONTINUOUS -> {
                // wakes the worker of each channel named in a NOTIFY, and all of them after a reconnect
                NotificationLoop dispatcher = new NotificationLoop("1010 dispatcher", queue,
                        CustomerSyncConsumer.NOTIFY_CHANNEL, settings.idleWait(),
                        new Backoff(settings.retryInitial(), settings.retryMax()), this::runNow, this::runNow);
                threads.add(BackgroundWorker.start("1010-dispatcher", dispatcher, dispatcher::stop));
            }
            case SCHEDULED -> threads.add(BackgroundWorker.start("1010-schedule", this::schedule, () -> running = false));
            case ON_DEMAND -> {
                // runs only through runNow()
            }
        }
        LOG.infof("1010 job (%s) delivering to channels %s", job.mode(), registry.channelIds());
    }

    void stop(@Observes ShutdownEvent event) {
        threads.forEach(thread -> thread.stop(settings.stopGrace()));
    }

    private void schedule() {
        while (running) {
            runNow();
            try {
                Thread.sleep(job.interval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
