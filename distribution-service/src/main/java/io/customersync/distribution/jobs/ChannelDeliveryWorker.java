package io.customersync.distribution.jobs;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomersDistributed;
import io.customersync.contracts.DistributedCustomer;
import io.customersync.distribution.messaging.DistributionOutbox;
import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelDatabaseBatch;
import io.customersync.distribution.domain.ChannelDatabaseWriter;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.domain.DeliveryQueue.DueDelivery;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.metrics.DistributionMetrics;
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
                if (!DeliveryQueue.lockChannel(db, channelId)) {
                    db.commit();
                    return new Pass(0, 0, settings.idleWait());
                }
                List<DueDelivery> rows = DeliveryQueue.due(db, channelId, settings.batchSize());
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

    /**
     * Applies the rows in one channel transaction: account numbers set-based, HQ's refusals and holds
     * one by one (never over SYNCED); returns each row's error (empty = delivered), in the rows' order.
     */
    private List<Optional<String>> deliver(List<DueDelivery> rows) {
        List<Map.Entry<CustomerSynchronized, Instant>> converted = new ArrayList<>();
        try (Connection db = channel.getConnection()) {
            db.setAutoCommit(false);
            try {
                List<CustomerSynchronized> synced = rows.stream().map(DueDelivery::event).filter(Objects::nonNull).toList();
                Iterator<Optional<String>> syncedResults = ChannelDatabaseBatch.apply(db, channelId, synced,
                        Instant.now().minus(settings.originGrace()),
                        (event, createdAt) -> converted.add(Map.entry(event, createdAt))).iterator();
                List<Optional<String>> results = new ArrayList<>(rows.size());
                for (DueDelivery row : rows) {
                    results.add(row.event() != null ? syncedResults.next()
                            : row.erased() != null ? ChannelDatabaseWriter.erase(db, channelId, row.erased())
                            : ChannelDatabaseWriter.applyStatus(db, row.notSynced()));
                }
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

    /** Marks the rows delivered, or due again after back-off (parked after max-attempts), and records the session. */
    private void record(Connection db, List<DueDelivery> rows, List<Optional<String>> results, Instant started)
            throws SQLException {
        DownloadSessions.Status status = DownloadSessions.Status.APPLIED;
        String lastError = null;
        int attempt = 0;
        List<Long> deliveredIds = new ArrayList<>(rows.size());
        List<DeliveryQueue.FailedAttempt> failures = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            DueDelivery row = rows.get(i);
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
            failures.add(new DeliveryQueue.FailedAttempt(row.id(), error.get(), Instant.now().plus(delay)));
        }
        DeliveryQueue.settle(db, deliveredIds, failures, settings.maxAttempts());
        long session = DownloadSessions.record(db, channelId, status, rows.stream().map(DueDelivery::eventId).toList(),
                attempt, lastError, started);
        List<DistributedCustomer> distributed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            CustomerSynchronized event = rows.get(i).event();
            if (event != null && results.get(i).isEmpty()) {
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
        return DeliveryQueue.nextDueIn(db, channelId).filter(due -> due.compareTo(settings.idleWait()) < 0)
                .orElse(settings.idleWait());
    }
}
