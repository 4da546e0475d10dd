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

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.DistributedCustomer;
import io.customersync.distribution.messaging.DistributionOutbox;
import io.customersync.contracts.EventJson;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelDatabaseBatch;
import io.customersync.messaging.Backoff;
import io.customersync.messaging.JobRunner;

/**
 * Drains one channel's delivery queue into its channel database, batch by batch (the 1010 job's
 * work for one channel, run by a {@link JobRunner}). If the channel database is unreachable the
 * batch is retried with back-off (kept in the queue rows); nothing else waits for it. One instance
 * at a time delivers to a channel (advisory lock), so order holds.
 */
final class ChannelDeliveryWorker {

    private static final Logger LOG = Logger.getLogger(ChannelDeliveryWorker.class);
    private static final long LOCK_NAMESPACE = 1010L << 32;

    private record Row(long id, UUID eventId, int attempts, CustomerSynchronized event) {
    }

    /** One batch: how many rows were delivered or failed, and how long until the next is due (zero: at once). */
    private record Pass(int delivered, int failed, Duration pause) {
    }

    private final String channelId;
    private final DataSource queue;
    private final DataSource channel;
    private final DistributionConfig.Delivery settings;
    private final DistributionMetrics metrics;

    ChannelDeliveryWorker(String channelId, DataSource queue, DataSource channel, DistributionConfig.Delivery settings,
            DistributionMetrics metrics) {
        this.metrics = metrics;
        this.channelId = channelId;
        this.queue = queue;
        this.channel = channel;
        this.settings = settings;
    }

    /**
     * One run of the 1010 job for this channel: delivers batch after batch until none is due; says
     * when the next undelivered row is due (at most the idle wait).
     */
    JobRunner.Result deliverAll() throws SQLException, IOException {
        int delivered = 0;
        int failed = 0;
        Pass pass;
        do {
            pass = deliverDue();
            delivered += pass.delivered();
            failed += pass.failed();
        } while (pass.pause().isZero());
        return new JobRunner.Result(delivered, failed, pass.pause());
    }

    /** Delivers one batch of due rows. */
    private Pass deliverDue() throws SQLException, IOException {
        try (Connection db = queue.getConnection()) {
            db.setAutoCommit(false);
            try {
                if (!holdsChannelLock(db)) {
                    db.commit();
                    return new Pass(0, 0, settings.idleWait());
                }
                List<Row> rows = dueRows(db);
                int delivered = 0;
                if (!rows.isEmpty()) {
                    Instant started = Instant.now();
                    List<Optional<String>> results = deliver(rows);
                    delivered = (int) results.stream().filter(Optional::isEmpty).count();
                    record(db, rows, results, started);
                }
                Duration pause = rows.size() == settings.batchSize() ? Duration.ZERO : untilNextDue(db);
                db.commit();
                return new Pass(delivered, rows.size() - delivered, pause);
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
