package io.customersync.bench;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears, in the channel database, the moment each customer's account number is committed there
 * (distribution's NOTIFY customer_synced), and remembers when.
 */
final class ConversionListener implements AutoCloseable {

    private final Connection connection;
    private final Map<UUID, Long> syncedAt = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ConversionListener(Connection connection) throws Exception {
        this.connection = connection;
        connection.createStatement().execute("LISTEN customer_synced");
        PGConnection pg = connection.unwrap(PGConnection.class);
        thread = new Thread(() -> {
            while (running) {
                try {
                    PGNotification[] notifications = pg.getNotifications(200);
                    long now = System.nanoTime();
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            syncedAt.putIfAbsent(UUID.fromString(notification.getParameter()), now);
                        }
                    }
                } catch (Exception e) {
                    return;
                }
            }
        }, "conversion-listener");
        thread.start();
    }

    Map<UUID, Long> syncedAt() {
        return syncedAt;
    }

    /** Waits until every one of these customers converted, or {@code timeout} passed (some may not have). */
    void awaitAll(Set<UUID> customers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!syncedAt.keySet().containsAll(customers) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        thread.join();
        connection.close();
    }
}
