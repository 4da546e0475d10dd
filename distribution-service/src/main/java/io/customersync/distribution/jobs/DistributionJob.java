package io.customersync.distribution.jobs;

import java.time.Duration;
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
import io.customersync.messaging.Backoff;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.PgNotificationListener;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The 1010 job, continuous: one delivery worker per channel of the registry, woken the moment the
 * consumer queues work for its channel (PostgreSQL NOTIFY), so one store being offline never
 * holds up another.
 */
@Singleton
public class DistributionJob {

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final DistributionConfig.Delivery settings;
    private final Map<String, ChannelDeliveryWorker> workers = new TreeMap<>();
    private final List<BackgroundWorker> threads = new ArrayList<>();
    private volatile boolean running = true;

    public DistributionJob(DataSource queue, ChannelRegistry registry, DistributionConfig config) {
        this.queue = queue;
        this.registry = registry;
        this.settings = config.delivery();
    }

    void start(@Observes StartupEvent event) {
        for (String channelId : registry.channelIds()) {
            ChannelDeliveryWorker worker = new ChannelDeliveryWorker(channelId, queue,
                    registry.database(channelId).orElseThrow(), settings);
            workers.put(channelId, worker);
            threads.add(BackgroundWorker.start("1010-" + channelId, worker, worker::stop));
        }
        threads.add(BackgroundWorker.start("1010-dispatcher", this::dispatch, () -> running = false));
        LOG.infof("1010 job delivering to channels %s", registry.channelIds());
    }

    void stop(@Observes ShutdownEvent event) {
        threads.forEach(thread -> thread.stop(settings.stopGrace()));
    }

    /** Wakes the worker of each channel named in a NOTIFY; reconnects with back-off if the database goes away. */
    private void dispatch() {
        Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        while (running) {
            try (PgNotificationListener listener = new PgNotificationListener(queue, CustomerSyncConsumer.NOTIFY_CHANNEL)) {
                backoff.reset();
                workers.values().forEach(ChannelDeliveryWorker::wake); // catch up on anything queued meanwhile
                while (running) {
                    for (String channelId : listener.await(settings.idleWait())) {
                        ChannelDeliveryWorker worker = workers.get(channelId);
                        if (worker != null) {
                            worker.wake();
                        }
                    }
                }
            } catch (Exception e) {
                Duration delay = backoff.nextDelay();
                LOG.warnf("1010 job: listening for new deliveries failed (%s); retrying in %d ms", e.toString(),
                        delay.toMillis());
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
