package io.customersync.distribution.jobs;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
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
import io.customersync.distribution.domain.FailedAttempt;
import io.customersync.distribution.domain.DueDelivery;
import io.customersync.distribution.domain.DownloadSessions;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.Backoff;

/**
 * Delivers one batch of a channel's due deliveries into its channel database (one turn of a
 * delivery worker of the {@link DistributionJob}). If the channel database is unreachable, the channel is retried
 * after back-off ({@link ChannelUnavailableException}) and its rows wait as they are, however long it lasts (a
 * retired store's erasures excepted, see {@link #deliver}); nothing else waits for it. One instance at a time
 * delivers to a channel (advisory lock), so order holds.
 */
final class ChannelDelivery {

    private static final Logger LOG = Logger.getLogger(ChannelDelivery.class);

    /**
     * One batch: how many rows were delivered or failed, whether more are due at once, and else
     * how long until the channel's next undelivered row is due (empty: none waits).
     */
    record Pass(int delivered, int failed, boolean more, Optional<Duration> nextDueIn) {
    }

    private final String channelId;
    private final DataSource queue;
    private final DataSource channel;
    private final DistributionConfig.Delivery settings;
    private final DistributionMetrics metrics;
    private final boolean erasuresOnly;

    /** @param erasuresOnly a retired channel's delivery: its erasures only (what else waits, waits for its return) */
    ChannelDelivery(String channelId, DataSource queue, DataSource channel, DistributionConfig.Delivery settings,
            DistributionMetrics metrics, boolean erasuresOnly) {
        this.metrics = metrics;
        this.erasuresOnly = erasuresOnly;
        this.channelId = channelId;
        this.queue = queue;
        this.channel = channel;
        this.settings = settings;
    }

    /**
     * The channel database was away: nothing of the batch was written, and no row was charged an attempt (a store
     * away for a weekend had every row parked after {@code max-attempts}, about eight hours of retries, and then
     * waited for ops; found by reading the code after an ops probe, 2026-12-06).
     */
    static final class ChannelUnavailableException extends Exception {
        private final int rows;

        ChannelUnavailableException(int rows, SQLException cause) {
            super("channel database unavailable: " + cause.getMessage(), cause);
            this.rows = rows;
        }

        /** The rows of the batch that wait for it. */
        int rows() {
            return rows;
        }
    }

    /** Delivers one batch of due rows (none if another instance is delivering to the channel now). */
    Pass deliverDue() throws SQLException, IOException, ChannelUnavailableException {
        try (Connection db = queue.getConnection()) {
            db.setAutoCommit(false);
            try {
                if (!DeliveryQueue.lockChannel(db, channelId)) {
                    db.commit();
                    return new Pass(0, 0, false, Optional.of(settings.idleWait()));
                }
                List<DueDelivery> rows = DeliveryQueue.due(db, channelId, settings.batchSize(), erasuresOnly);
                int delivered = 0;
                if (!rows.isEmpty()) {
                    Instant started = Instant.now();
                    List<Optional<String>> results;
                    try {
                        results = deliver(rows, true);
                    } catch (ChannelUnavailableException away) {
                        recordSession(db, channelId, DownloadSessions.Status.RETRYING, rows,
                                Collections.nCopies(rows.size(), Optional.of(away.getMessage())),
                                attempt(rows), away.getMessage(),
                                started);
                        db.commit();
                        throw away;
                    }
                    delivered = (int) results.stream().filter(Optional::isEmpty).count();
                    record(db, rows, results, started);
                }
                boolean more = rows.size() == settings.batchSize();
                Optional<Duration> nextDueIn = more ? Optional.of(Duration.ZERO) : DeliveryQueue.nextDueIn(db, channelId,
                        erasuresOnly);
                db.commit();
                return new Pass(delivered, rows.size() - delivered, more, nextDueIn);
            } catch (SQLException | IOException | RuntimeException e) {
                db.rollback();
                throw e;
            }
        }
    }

    /**
     * {@link #write}. A channel database that refuses the batch's statement (not a lost connection, a timeout or a
     * lock: a row it cannot take) gets the rows one by one, so that one row it refuses does not hold the others back
     * for every retry. One that cannot be written is the channel's unavailability; a row's error only for a row tried
     * alone and for a retired store's erasures, which are parked after {@code max-attempts} (a retired store's
     * database may be gone for good, docs/ops.md).
     *
     * @param batch the turn's batch (not a row tried alone)
     */
    private List<Optional<String>> deliver(List<DueDelivery> rows, boolean batch) throws ChannelUnavailableException {
        try {
            return write(channel, channelId, rows, Instant.now().minus(settings.originGrace()), metrics, null);
        } catch (SQLException e) {
            if (!unavailable(e) && rows.size() > 1) {
                LOG.warnf("1010 job, channel %s: the channel database refused a batch of %d (SQL state %s); one by one",
                        channelId, rows.size(), e.getSQLState());
                List<Optional<String>> results = new ArrayList<>(rows.size());
                for (DueDelivery row : rows) {
                    results.add(deliver(List.of(row), false).get(0));
                }
                return results;
            }
            if (unavailable(e) && batch && !erasuresOnly) {
                throw new ChannelUnavailableException(rows.size(), e);
            }
            // a refusal's message may quote the row's values: only its SQL state is kept
            String error = unavailable(e) ? "channel database unavailable: " + e.getMessage()
                    : "refused by the channel database (SQL state " + e.getSQLState() + ")";
            LOG.warnf("1010 job, channel %s: %s; %d deliveries wait", channelId, error, rows.size());
            return Collections.nCopies(rows.size(), Optional.of(error));
        }
    }

    /**
     * A connection to the channel database; a refusal to give one, whatever its SQL state (a database not accepting
     * connections is 55000, a refused password 28P01, a database missing after a restore 3D000), is the channel's
     * unavailability ({@link #unavailable}), never a row's refusal (found by probing: each row was retried on its own).
     */
    private static Connection connect(DataSource channel) throws SQLException {
        try {
            return channel.getConnection();
        } catch (SQLException e) {
            throw new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
        }
    }

    /** A failure that is the channel database's, not a row's: no connection, no resources, a timeout, a lock. */
    static boolean unavailable(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("40") || state.equals("55P03") || state.startsWith("58");
    }

    /**
     * Applies the rows in one channel transaction: account numbers set-based, HQ's refusals and holds
     * one by one (never over SYNCED); returns each row's error (empty = delivered), in the rows' order,
     * and records the conversions once the channel committed. Also {@link StraightDelivery}'s writer.
     *
     * @param answerWithin null: the channel connection's own socket timeout; else how long the channel database
     *        may take to answer any one request of this write (StraightDelivery's: a store that hangs must not
     *        hold the consumer)
     * @throws SQLException the channel database could not be written (nothing of it was)
     */
    static List<Optional<String>> write(DataSource channel, String channelId, List<DueDelivery> rows,
            Instant placeMissingBefore, DistributionMetrics metrics, Duration answerWithin) throws SQLException {
        List<Map.Entry<CustomerSynchronized, Instant>> converted = new ArrayList<>();
        try (Connection db = connect(channel)) {
            int socketTimeout = answerWithin == null ? 0 : db.getNetworkTimeout(); // read only to restore it
            if (answerWithin != null) {
                db.setNetworkTimeout(Runnable::run, (int) answerWithin.toMillis());
            }
            db.setAutoCommit(false);
            try {
                List<CustomerSynchronized> synced = rows.stream().map(DueDelivery::event).filter(Objects::nonNull).toList();
                Iterator<Optional<String>> syncedResults = ChannelDatabaseBatch.apply(db, channelId, synced,
                        placeMissingBefore, (event, createdAt) -> converted.add(Map.entry(event, createdAt))).iterator();
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
            } catch (SQLException | RuntimeException e) {
                if (!db.isClosed()) { // a request that timed out closed the connection: nothing was committed
                    db.rollback();
                }
                throw e;
            } finally {
                if (answerWithin != null && !db.isClosed()) {
                    db.setNetworkTimeout(Runnable::run, socketTimeout); // the pool's next borrower gets its own
                }
            }
        }
    }

    /** Marks the rows delivered, or due again after back-off (parked after max-attempts), and records the session. */
    private void record(Connection db, List<DueDelivery> rows, List<Optional<String>> results, Instant started)
            throws SQLException {
        DownloadSessions.Status status = DownloadSessions.Status.APPLIED;
        String lastError = null;
        List<Long> deliveredIds = new ArrayList<>(rows.size());
        List<FailedAttempt> failures = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            DueDelivery row = rows.get(i);
            Optional<String> error = results.get(i);
            if (error.isEmpty()) {
                deliveredIds.add(row.id());
                continue;
            }
            lastError = error.get();
            boolean parked = row.attempts() + 1 >= settings.maxAttempts();
            status = parked ? DownloadSessions.Status.FAILED
                    : status == DownloadSessions.Status.FAILED ? status : DownloadSessions.Status.RETRYING;
            Duration delay = Backoff.delayBefore(row.attempts() + 1, settings.retryInitial(), settings.retryMax());
            failures.add(new FailedAttempt(row.id(), error.get(), Instant.now().plus(delay)));
        }
        DeliveryQueue.settle(db, deliveredIds, failures, settings.maxAttempts());
        recordSession(db, channelId, status, rows, results, attempt(rows), lastError, started);
    }

    /** The batch's attempt, as its download session records it: the attempt of its most tried row. */
    private static int attempt(List<DueDelivery> rows) {
        return rows.stream().mapToInt(DueDelivery::attempts).max().orElse(0) + 1;
    }

    /**
     * Records the batch as a download session and announces its delivered customers, in the caller's transaction
     * on the distribution database. Also {@link StraightDelivery}'s.
     */
    static void recordSession(Connection db, String channelId, DownloadSessions.Status status, List<DueDelivery> rows,
            List<Optional<String>> results, int attempt, String lastError, Instant started) throws SQLException {
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
}
