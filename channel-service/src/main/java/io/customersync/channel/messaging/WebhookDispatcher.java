package io.customersync.channel.messaging;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.customersync.channel.client.WebhookSender;
import io.customersync.channel.config.ChannelConfig;
import io.customersync.channel.domain.WebhookDelivery;
import io.customersync.channel.domain.WebhookDeliveries;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.Backoff;
import io.customersync.messaging.FailureStreak;
import io.customersync.messaging.WorkerLoop;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The storefront webhook's relay: a supervised worker ({@code relay:webhook}) that claims due
 * deliveries from the channel database's webhook outbox, POSTs them at once (in parallel), and
 * records each outcome: DELIVERED on 2xx; otherwise due again after an exponential back-off
 * (retry-initial, doubled per attempt up to retry-max), DEAD after max-attempts. A claim holds a
 * delivery for twice the time an attempt may take, so several instances on one database never send
 * the same event at once and one that dies mid-attempt only delays it.
 */
@Singleton
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** The longest wait before reading the channel database again after it failed. */
    static final Duration DATABASE_RETRY_MAX = Duration.ofSeconds(5);

    private final WebhookDeliveries deliveries;
    private final WebhookSender sender;
    private final ChannelConfig.Webhook settings;
    private final Workers workers;
    private final Duration lease;
    private final Semaphore wake = new Semaphore(0);
    private BackgroundWorker worker;

    public WebhookDispatcher(WebhookDeliveries deliveries, WebhookSender sender, ChannelConfig config, Workers workers) {
        this.deliveries = deliveries;
        this.sender = sender;
        this.settings = config.webhook();
        this.workers = workers;
        this.lease = settings.connectTimeout().plus(settings.requestTimeout()).multipliedBy(2);
        new Backoff(settings.retryInitial(), settings.retryMax()); // refuses retry-max < retry-initial at start
    }

    void start(@Observes StartupEvent event) {
        worker = workers.start("relay:webhook", Loop::new);
    }

    void stop(@Observes ShutdownEvent event) {
        worker.stop(lease);
    }

    /** Looks for due deliveries now rather than at the next poll (after a replay). */
    public void wake() {
        wake.release();
    }

    private final class Loop implements WorkerLoop {

        private volatile boolean running = true;
        // not the receivers' retry-max (5 min): webhooks went on minutes after the channel database was back
        private final Backoff databaseTrouble = new Backoff(settings.retryInitial(), DATABASE_RETRY_MAX.compareTo(
                settings.retryInitial()) < 0 ? settings.retryInitial() : DATABASE_RETRY_MAX);
        private final FailureStreak streak = new FailureStreak(LOG, "relay:webhook", "events wait in the channel database");

        @Override
        public void run(Heartbeat heartbeat) throws InterruptedException {
            while (running) {
                int sent;
                try {
                    sent = turn();
                    databaseTrouble.reset();
                    streak.succeeded("reading the channel database");
                } catch (RuntimeException e) {
                    if (!fromDatabase(e)) {
                        throw e;
                    }
                    Duration delay = databaseTrouble.nextDelay();
                    streak.failed("reading the channel database", e, delay);
                    sent = 0;
                    if (!Backoff.sleep(delay)) {
                        return;
                    }
                }
                if (sent == 0 && running) {
                    wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
                heartbeat.beat();
            }
        }

        @Override
        public void stop() {
            running = false;
            wake.release();
        }
    }

    /** One batch: claim, send all at once, record every outcome; returns how many were sent. */
    private int turn() {
        List<WebhookDelivery.Attempt> due = deliveries.claimDue(settings.batchSize(), lease);
        List<CompletableFuture<Optional<String>>> outcomes = due.stream().map(sender::send).toList();
        for (int i = 0; i < due.size(); i++) {
            WebhookDelivery.Attempt attempt = due.get(i);
            Optional<String> failure = outcomes.get(i).join(); // never exceptional; bounded by the timeouts
            if (failure.isEmpty()) {
                deliveries.delivered(attempt);
            } else {
                Duration retryIn = Backoff.delayBefore(attempt.attempt(), settings.retryInitial(), settings.retryMax());
                deliveries.failed(attempt, failure.get(), settings.maxAttempts(), retryIn);
                LOG.infof("relay:webhook: %s %s attempt %d failed (%s)%s", attempt.type().wireName(), attempt.eventId(),
                        attempt.attempt(), failure.get(), attempt.attempt() >= settings.maxAttempts() ? ": dead-lettered" : "");
            }
        }
        return due.size();
    }

    private static boolean fromDatabase(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }
}
