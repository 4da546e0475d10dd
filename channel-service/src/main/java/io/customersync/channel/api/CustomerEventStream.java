package io.customersync.channel.api;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.Customer;
import io.customersync.channel.domain.Customers;
import io.customersync.channel.messaging.CustomerSyncNotifications;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The stream a storefront opens after sign-up: the customer as it is now, then the customer again
 * each time its status changes in the channel database (distribution-service's NOTIFY); it ends
 * with HQ's answer: SYNCED with the account number, FAILED with the fields to fix, or ON_HOLD. Each
 * event carries an {@code id} (the customer's version: its last change, in microseconds) and the
 * {@code retry} clients wait before reconnecting; while nothing happens a comment line (heartbeat)
 * goes out every {@code channel.sse.heartbeat}; without news for {@code channel.sse.timeout} it ends.
 */
@ApplicationScoped
public class CustomerEventStream {

    static final String HEARTBEAT = "heartbeat";

    private final CustomerSyncNotifications notifications;
    private final Customers customers;
    private final Duration timeout;
    private final Duration heartbeat;
    private final long retryMillis;

    public CustomerEventStream(CustomerSyncNotifications notifications, Customers customers, ChannelConfig config) {
        this.notifications = notifications;
        this.customers = customers;
        this.timeout = config.sse().timeout();
        this.heartbeat = config.sse().heartbeat();
        this.retryMillis = config.sse().retry().toMillis();
    }

    /**
     * The customer's events until HQ has answered (or the timeout without news); none the client has already, by its
     * {@code Last-Event-ID} (null: none; it was sent again at every reconnect, found by probing as a storefront).
     */
    public Multi<OutboundSseEvent> untilAnswered(UUID customerId, String lastEventId, Sse sse) {
        return Multi.createFrom().<OutboundSseEvent> emitter(emitter -> new Stream(customerId, lastEventId, sse, emitter)
                        .open())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** One client's stream: what it sent last, its heartbeat and its deadline. */
    private final class Stream {

        private final UUID customerId;
        private final String lastEventId;
        private final Sse sse;
        private final MultiEmitter<? super OutboundSseEvent> emitter;
        private final ScheduledExecutorService timer = Infrastructure.getDefaultWorkerPool();
        private CustomerResponse sent;
        private ScheduledFuture<?> beat;
        private ScheduledFuture<?> deadline;

        Stream(UUID customerId, String lastEventId, Sse sse, MultiEmitter<? super OutboundSseEvent> emitter) {
            this.customerId = customerId;
            this.lastEventId = lastEventId;
            this.sse = sse;
            this.emitter = emitter;
        }

        void open() {
            Runnable unsubscribe = notifications.subscribe(customerId, this::emitCurrent);
            emitter.onTermination(() -> {
                unsubscribe.run();
                synchronized (this) {
                    cancel(beat);
                    cancel(deadline);
                }
            });
            synchronized (this) {
                beat = timer.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            emitCurrent();
        }

        private synchronized void emitCurrent() {
            if (emitter.isCancelled()) {
                return;
            }
            Customer customer = customers.find(customerId); // with its addresses, on one connection
            String version = versionOf(customer.updatedAt);
            CustomerResponse current = CustomerResponse.from(customer);
            if (Objects.equals(current, sent)) {
                return; // a notification with nothing new for this client
            }
            boolean hasIt = sent == null && version.equals(lastEventId); // the client's last event is the customer now
            sent = current;
            if (hasIt) {
                deadline = timer.schedule(emitter::complete, timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            // JSON by the resource's stream element type (an explicit media type would add a content-type line)
            emitter.emit(sse.newEventBuilder().id(version).reconnectDelay(retryMillis)
                    .data(CustomerResponse.class, current).build());
            cancel(deadline);
            if (current.status().answeredByHq()) {
                emitter.complete();
            } else {
                deadline = timer.schedule(emitter::complete, timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private synchronized void heartbeat() {
            if (!emitter.isCancelled()) {
                emitter.emit(sse.newEventBuilder().comment(HEARTBEAT).build());
            }
        }

        private static void cancel(ScheduledFuture<?> task) {
            if (task != null) {
                task.cancel(false);
            }
        }
    }

    /** The event id: the customer's last change, in microseconds since the epoch. */
    static String versionOf(Instant updatedAt) {
        return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt));
    }
}
