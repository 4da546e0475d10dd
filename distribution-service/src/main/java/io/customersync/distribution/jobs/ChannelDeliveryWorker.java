package io.customersync.distribution.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.DistributedCustomer;
import io.customersync.distribution.messaging.DistributionOutbox;
import io.customersync.contracts.EventJson;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelDatabaseBatch;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.Backoff;

/**
 * Drains one channel's delivery queue into its channel database, batch by batch. If the channel
 * database is unreachable the batch is retried with back-off (kept in the queue rows); nothing else
 * waits for it. One instance at a time delivers to a channel (advisory lock), so order holds.
 */
final class ChannelDeliveryWorker implements Runnable {

    private static final Logger LOG = Logger.getLogger(ChannelDeliveryWorker.class);
    private static final long LOCK_NAMESPACE = 1010L << 32;

    private record Row(long id, UUID eventId, int attempts, CustomerSynchronized event) {
    }

    private final String channelId;
    private final DataSource queue;
    private final DataSource channel;
    private final DistributionConfig.Delivery settings;
    private final boolean continuous;
    private final DistributionMetrics metrics;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean running = true;

    /** @param continuous false: deliver only when woken (scheduled or on-demand runs of the 1010 job) */
    ChannelDeliveryWorker(String channelId, DataSource queue, DataSource channel, DistributionConfig.Delivery settings,
            boolean continuous, DistributionMetrics metrics) {
        this.metrics = metrics;
        this.channelId = channelId;
        this.queue = queue;
        this.channel = channel;
        this.settings = settings;
        this.continuous = continuous;
    }

    void wake() {
        wake.release();
    }

    void stop() {
        running = false;
        wake.release();
    }

    @Override
    public void run() {
        Backoff queueBackoff = new Backoff(settings.retryInitial(), settings.retryMax());
        if (!continuous) {
            try {
                acquire(); // scheduled and on-demand runs start when the job is run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        while (running) {
            try {
                Duration pause = deliverDue();
                queueBackoff.reset();
                if (pause.isZero()) {
                    continue;
                }
                if (continuous ? wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS) : acquire()) {
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                Duration delay = queueBackoff.nextDelay();
                LOG.warnf("1010 job, channel %s: the delivery queue failed (%s); retrying in %d ms", channelId,
                        e.toString(), delay.toMillis());
                if (!Backoff.sleep(delay)) {
                    return;
                }
            }
        }
    }

    private boolean acquire() throws InterruptedException {
        wake.acquire();
        return true;
    }

    /** Delivers one batch of due rows; returns how long to wait before the next (zero: go on at once). */
    Duration deliverDue() throws SQLException, IOException {
        try (Connection db = queue.getConnection()) {
            db.setAutoCommit(false);
            try {
                if (!holdsChannelLock(db)) {
                    db.commit();
                    return settings.idleWait();
                }
                List<Row> rows = dueRows(db);
                if (!rows.isEmpty()) {
                    Instant started = Instant.now();
                    record(db, rows, deliver(rows), started);
                }
                Duration pause = rows.size() == settings.batchSize() ? Duration.ZERO : untilNextDue(db);
                db.commit();
                return pause;
            } catch (SQLException | IOException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }

    /** Applies the rows in one channel transaction; returns each row's error (empty = delivered). */
    private List<Optional<String>> deliver(List<Row> rows) {
        List<Map.Entry<CustomerSynchronized, Instant>> converted = new ArrayList<>();
        try (Connection db = channel.getConnection()) {
            db.setAutoCommit(false);
            try {
                List<Optional<String>> results = ChannelDatabaseBatch.apply(db, channelId,
                        rows.stream().map(Row::event).toList(), (event, createdAt) -> converted.add(Map.entry(event, createdAt)));
                db.commit();
                Instant now = Instant.now();
                converted.forEach(c -> metrics.recordConversion(c.getKey(), c.getValue(), now));
                return results;
            } catch (SQLException e) {
                db.rollback();
                throw e;
            }
        } catch (SQLException e) {
            LOG.warnf("1010 job, channel %s: channel database unavailable (%s); %d deliveries wait", channelId,
                    e.getMessage(), rows.size());
            return Collections.nCopies(rows.size(), Optional.of("channel database unavailable: " + e.getMessage()));
        }
    }

    private boolean holdsChannelLock(Connection db) throws SQLException {
        try (PreparedStatement lock = db.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, LOCK_NAMESPACE | (channelId.hashCode() & 0xffffffffL));
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private List<Row> dueRows(Connection db) throws SQLException, IOException {
        try (PreparedStatement select = db.prepareStatement("""
                select id, event_id, attempts, payload::text from pending_delivery
                where channel_id = ? and delivered_at is null and failed_at is null and next_attempt_at <= now()
                order by id limit ? for update""")) {
            select.setString(1, channelId);
            select.setInt(2, settings.batchSize());
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), EventJson.read(
                            rs.getString(4).getBytes(StandardCharsets.UTF_8), CustomerSynchronized.class)));
                }
            }
            return rows;
        }
    }

    /** Marks the rows delivered, or due again after back-off (parked after max-attempts), and records the session. */
    private void record(Connection db, List<Row> rows, List<Optional<String>> results, Instant started)
            throws SQLException {
        DownloadSessions.Status status = DownloadSessions.Status.APPLIED;
        String lastError = null;
        int attempt = 0;
        List<Long> deliveredIds = new ArrayList<>(rows.size());
        try (PreparedStatement delivered = db.prepareStatement("""
                update pending_delivery set delivered_at = now(), attempts = attempts + 1, last_error = null
                where id = any(?)""");
                PreparedStatement failed = db.prepareStatement("""
                        update pending_delivery set attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
                            failed_at = case when attempts + 1 >= ? then now() end
                        where id = ?""")) {
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                Optional<String> error = results.get(i);
                attempt = Math.max(attempt, row.attempts() + 1);
                if (error.isEmpty()) {
                    deliveredIds.add(row.id());
                    continue;
                }
                lastError = error.get();
                boolean parked = row.attempts() + 1 >= settings.maxAttempts();
                status = parked ? DownloadSessions.Status.FAILED
                        : status == DownloadSessions.Status.FAILED ? status : DownloadSessions.Status.RETRYING;
                Duration delay = Backoff.delayBefore(row.attempts() + 1, settings.retryInitial(), settings.retryMax());
                failed.setString(1, error.get());
                failed.setTimestamp(2, Timestamp.from(Instant.now().plus(delay)));
                failed.setInt(3, settings.maxAttempts());
                failed.setLong(4, row.id());
                failed.addBatch();
            }
            delivered.setArray(1, db.createArrayOf("int8", deliveredIds.toArray()));
            delivered.executeUpdate();
            failed.executeBatch();
        }
        long session = DownloadSessions.record(db, channelId, status, rows.stream().map(Row::eventId).toList(), attempt,
                lastError, started);
        List<DistributedCustomer> distributed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CustomerSynchronized event = rows.get(i).event();
            if (results.get(i).isEmpty()) {
                distributed.add(new DistributedCustomer(event.customerId(), event.originChannelId(), event.accountNumber(),
                        !event.originChannelId().equals(channelId)));
            }
        }
        if (!distributed.isEmpty()) {
            DistributionOutbox.customersDistributed(db, new CustomersDistributed(channelId, session, distributed,
                    Instant.now()));
        }
    }

    /** Time until the earliest undelivered row of this channel is due, at most the idle wait. */
    private Duration untilNextDue(Connection db) throws SQLException {
        try (PreparedStatement select = db.prepareStatement("""
                select extract(epoch from min(next_attempt_at) - now()) * 1000 from pending_delivery
                where channel_id = ? and delivered_at is null and failed_at is null""")) {
            select.setString(1, channelId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                double millis = rs.getDouble(1);
                if (rs.wasNull()) {
                    return settings.idleWait();
                }
                Duration due = Duration.ofMillis(Math.max(1, (long) Math.ceil(millis)));
                return due.compareTo(settings.idleWait()) < 0 ? due : settings.idleWait();
            }
        }
    }
}
