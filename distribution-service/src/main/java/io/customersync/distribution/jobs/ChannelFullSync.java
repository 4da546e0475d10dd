package io.customersync.distribution.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.distribution.client.HqAnnouncementClient;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelNotDeliveredHereException;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.FullSyncs;
import io.customersync.distribution.domain.NewDelivery;
import io.customersync.distribution.domain.UnknownChannelException;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.WorkerLoop;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * A channel's full sync (D365's full data sync of a distribution schedule; docs/ops.md): a store added to an
 * address book, back from retirement or given to this deployment has heard none of the announcements made
 * before, so it is sent every customer of its book as HQ has it now. One worker, {@code job:full-sync}: for each
 * owned channel whose full sync has not finished, it reads HQ's customers created at the channels whose customers
 * go there ({@link ChannelRegistry#originsFor}) a page at a time and queues them for that channel alone, page and
 * progress in one transaction (a restart goes on after the last page queued). The 1010 job delivers them like any
 * other: a copy never replaces a newer version, an erased customer's is not queued; a customer erased while the
 * store was away comes as its erasure.
 */
@Singleton
public class ChannelFullSync {

    private static final Logger LOG = Logger.getLogger(ChannelFullSync.class);

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final FullSyncs fullSyncs;
    private final HqAnnouncementClient hq;
    private final Workers workers;
    private final DistributionConfig.FullSync settings;
    private final Duration stopGrace;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean stopping;
    private BackgroundWorker worker;

    public ChannelFullSync(DataSource queue, ChannelRegistry registry, FullSyncs fullSyncs, HqAnnouncementClient hq,
            Workers workers, DistributionConfig config) {
        this.queue = queue;
        this.registry = registry;
        this.fullSyncs = fullSyncs;
        this.hq = hq;
        this.workers = workers;
        this.settings = config.fullSync();
        this.stopGrace = config.delivery().stopGrace();
    }

    /** Starts the channel's full sync over now (ops, or a registration that needs one). */
    public FullSyncs.FullSync request(String channelId, String requestedBy) {
        if (registry.registered(channelId).isEmpty()) {
            throw new UnknownChannelException(channelId);
        }
        if (!registry.owns(channelId)) {
            throw new ChannelNotDeliveredHereException(registry.registered(channelId).get());
        }
        return startOver(channelId, requestedBy);
    }

    /**
     * A registration that needs a full sync ({@link ChannelRegistry.Registered}): asked for whichever deployment owns the
     * channel (the one sharing this database picks it up).
     */
    public FullSyncs.FullSync startOver(String channelId, String requestedBy) {
        FullSyncs.FullSync requested = fullSyncs.request(channelId, requestedBy);
        wake.release();
        return requested;
    }

    void start(@Observes StartupEvent event) {
        stopping = false;
        worker = workers.start("job:full-sync", () -> WorkerLoop.of(beat -> {
            while (!stopping) {
                for (String channelId : fullSyncs.unfinished()) {
                    while (!stopping && registry.owns(channelId) && nextPage(channelId)) {
                        beat.beat();
                    }
                }
                beat.beat();
                wake.tryAcquire(settings.retryAfter().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
            }
        }, () -> {
            stopping = true;
            wake.release();
        }));
    }

    void stop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.stop(stopGrace);
        }
    }

    /** Queues the channel's next page; false once it finished, another instance works on it, or the page failed. */
    private boolean nextPage(String channelId) throws SQLException, InterruptedException {
        try (Connection db = queue.getConnection()) {
            db.setAutoCommit(false);
            try {
                Optional<FullSyncs.FullSync> running = FullSyncs.lockedUnfinished(db, channelId);
                if (running.isEmpty()) {
                    db.rollback();
                    return false;
                }
                HqAnnouncementClient.Page page = hq.page(registry.originsFor(channelId), running.get().afterAccount(),
                        settings.pageSize());
                List<NewDelivery> deliveries = page.announcements().stream().map(a -> delivery(running.get(), a)).toList();
                List<NewDelivery> erasures = page.erasures().stream().map(e -> erasure(running.get(), e)).toList();
                DeliveryQueue.enqueue(db, deliveries);
                DeliveryQueue.enqueueErasures(db, erasures);
                FullSyncs.advance(db, channelId, page.nextAfter(), deliveries.size() + erasures.size());
                db.commit();
                if (page.nextAfter() == null) {
                    LOG.infof("full sync of channel %s finished: %d customers read and queued", channelId,
                            running.get().customersRead() + deliveries.size() + erasures.size());
                }
                return page.nextAfter() != null;
            } catch (IOException e) {
                db.rollback();
                LOG.warnf("full sync of channel %s waits: %s", channelId, e.getMessage());
                fullSyncs.failed(channelId, e.getMessage());
                return false;
            } catch (SQLException | RuntimeException | InterruptedException e) {
                db.rollback();
                throw e;
            }
        }
    }

    /**
     * A customer erased while the store was away: its copy there is erased too (or placed erased), once per full sync
     * (a store's database restored from a backup may hold the customer again; erasing again changes nothing).
     */
    private static NewDelivery erasure(FullSyncs.FullSync run, CustomerErased erased) {
        UUID eventId = UUID.nameUUIDFromBytes(("full-sync erasure " + run.channelId() + " " + run.requestedAt() + " "
                + erased.customerId()).getBytes(StandardCharsets.UTF_8));
        return new NewDelivery(run.channelId(), EventType.CUSTOMER_ERASED, eventId, erased.customerId(),
                new String(EventJson.write(erased), StandardCharsets.UTF_8));
    }

    /**
     * One customer's announcement for the channel alone, once per full sync: a page queued again (read again after
     * a failure) adds nothing, a full sync asked for again (a store's database restored) delivers it again.
     */
    private static NewDelivery delivery(FullSyncs.FullSync run, CustomerSynchronized announcement) {
        UUID eventId = UUID.nameUUIDFromBytes(("full-sync " + run.channelId() + " " + run.requestedAt() + " "
                + announcement.customerId() + " " + announcement.version()).getBytes(StandardCharsets.UTF_8));
        return new NewDelivery(run.channelId(), EventType.CUSTOMER_SYNCHRONIZED, eventId, announcement.customerId(),
                new String(EventJson.write(announcement), StandardCharsets.UTF_8));
    }
}
