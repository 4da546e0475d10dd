package io.customersync.distribution.jobs;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.WorkerLoop;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the channel registry current on this instance (changes ops made through another one) and
 * closes the channel database pools nobody used for {@code distribution.delivery.idle-close}: one
 * worker, {@code job:channel-registry}, whatever the number of channels.
 */
@Singleton
public class RegistryRefresh {

    private static final Logger LOG = Logger.getLogger(RegistryRefresh.class);

    private final ChannelRegistry registry;
    private final Workers workers;
    private final Duration refresh;
    private final Duration idleClose;
    private final Duration stopGrace;
    private BackgroundWorker worker;

    public RegistryRefresh(ChannelRegistry registry, Workers workers, DistributionConfig config) {
        this.registry = registry;
        this.workers = workers;
        this.refresh = config.registry().refreshInterval();
        this.idleClose = config.delivery().idleClose();
        this.stopGrace = config.delivery().stopGrace();
    }

    void start(@Observes StartupEvent event) {
        CountDownLatch stopped = new CountDownLatch(1);
        // pools are looked at more often than the registry is read: an idle pool closes soon after idle-close
        Duration turn = min(refresh, idleClose.dividedBy(4).isZero() ? Duration.ofMillis(1) : idleClose.dividedBy(4));
        worker = workers.start("job:channel-registry", () -> WorkerLoop.of(beat -> {
            long nextReload = System.nanoTime() + refresh.toNanos();
            while (!stopped.await(turn.toMillis(), TimeUnit.MILLISECONDS)) {
                registry.closeIdlePools(idleClose);
                if (System.nanoTime() >= nextReload) {
                    nextReload = System.nanoTime() + refresh.toNanos();
                    try {
                        registry.reload();
                    } catch (RuntimeException e) {
                        LOG.warnf("channel registry not read again (%s); the last one read stays", e.toString());
                    }
                }
                beat.beat();
            }
        }, stopped::countDown));
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.stop(stopGrace);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
