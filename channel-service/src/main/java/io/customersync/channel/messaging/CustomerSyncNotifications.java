package io.customersync.channel.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import org.jboss.logging.Logger;

import io.customersync.messaging.Backoff;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.NotificationLoop;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.customersync.channel.config.ChannelConfig;

/**
 * Hears distribution-service write account numbers into this channel database (its
 * {@code NOTIFY customer_synced, '<customerId>'}, see channel-schema/README.md) and tells whoever
 * waits for that customer, such as a storefront's server-sent-event stream. No polling of HQ.
 */
@Singleton
public class CustomerSyncNotifications {

    static final String CHANNEL = "customer_synced";
    private static final Logger LOG = Logger.getLogger(CustomerSyncNotifications.class);

    private final DataSource dataSource;
    private final Duration idleWait;
    private final Backoff backoff;
    private final Map<UUID, Set<Runnable>> waiting = new ConcurrentHashMap<>();
    private final Workers workers;
    private BackgroundWorker worker;

    public CustomerSyncNotifications(DataSource dataSource, ChannelConfig config, Workers workers) {
        ChannelConfig.Notifications settings = config.notifications();
        this.workers = workers;
        this.dataSource = dataSource;
        this.idleWait = settings.idleWait();
        this.backoff = new Backoff(settings.retryInitial(), settings.retryMax());
    }

    void start(@Observes StartupEvent event) {
        worker = workers.start("notify:customer-synced", () -> new NotificationLoop("customer-synced listener",
                dataSource, CHANNEL, idleWait, backoff, () -> waiting.values().forEach(set -> set.forEach(Runnable::run)),
                this::notifyWaiting));
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop(idleWait.multipliedBy(2));
    }

    /** Calls {@code onSynced} (on the listener's thread) each time the customer is synced; returns how to stop. */
    public Runnable subscribe(UUID customerId, Runnable onSynced) {
        waiting.computeIfAbsent(customerId, id -> new CopyOnWriteArraySet<>()).add(onSynced);
        return () -> waiting.computeIfPresent(customerId, (id, set) -> {
            set.remove(onSynced);
            return set.isEmpty() ? null : set;
        });
    }

    private void notifyWaiting(String payload) {
        try {
            Set<Runnable> subscribers = waiting.get(UUID.fromString(payload));
            if (subscribers != null) {
                subscribers.forEach(Runnable::run);
            }
        } catch (IllegalArgumentException notACustomerId) {
            LOG.debugf("ignoring notification that is not a customer id");
        }
    }
}
