package io.customersync.messaging;

import java.time.Duration;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Listens to one PostgreSQL notification channel for good: hands each payload on, and after
 * (re)connecting runs a catch-up, since notifications sent while it was away are lost. A lost
 * connection is retried with back-off. A heartbeat after each wait (at most {@code idleWait}) and
 * each retry.
 */
public final class NotificationLoop implements WorkerLoop {

    private static final Logger LOG = Logger.getLogger(NotificationLoop.class);

    private final String name;
    private final DataSource dataSource;
    private final String channel;
    private final Duration idleWait;
    private final Backoff backoff;
    private final Runnable catchUp;
    private final Consumer<String> onNotification;
    private volatile boolean running = true;

    public NotificationLoop(String name, DataSource dataSource, String channel, Duration idleWait, Backoff backoff,
            Runnable catchUp, Consumer<String> onNotification) {
        this.name = name;
        this.dataSource = dataSource;
        this.channel = channel;
        this.idleWait = idleWait;
        this.backoff = backoff;
        this.catchUp = catchUp;
        this.onNotification = onNotification;
    }

    @Override
    public void run(Heartbeat heartbeat) {
        // a database away: its first failure, a line a minute, its end (a line every retry before: found by probing)
        FailureStreak streak = new FailureStreak(LOG, name, "what it would hear waits for the next catch-up");
        while (running) {
            try (PgNotificationListener listener = new PgNotificationListener(dataSource, channel)) {
                backoff.reset();
                streak.succeeded("listening");
                catchUp.run();
                while (running) {
                    listener.await(idleWait).forEach(onNotification);
                    heartbeat.beat();
                }
            } catch (Exception e) {
                Duration delay = backoff.nextDelay();
                streak.failed("listening", e, delay);
                if (!Backoff.sleep(delay)) {
                    return;
                }
                heartbeat.beat();
            }
        }
    }

    @Override
    public void stop() {
        running = false;
    }
}
