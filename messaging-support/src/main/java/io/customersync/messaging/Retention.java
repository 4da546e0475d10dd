package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Housekeeping: rows that have done their work (published outbox rows, remembered event ids,
 * delivered queue rows, ...) are deleted once older than their retention, a batch per statement so
 * no purge holds locks for long or bloats one transaction. Runs on a thread of its own every
 * {@code interval}; each rule's statement takes the cutoff and the batch size.
 */
public final class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);

    /**
     * One kind of row that may go. {@code deleteSql} deletes at most {@code ?2} rows older than the
     * cutoff {@code ?1} (a timestamptz), oldest first.
     */
    public record Rule(String name, String deleteSql, Duration keep) {
    }

    private final DataSource dataSource;
    private final List<Rule> rules;
    private final int batchSize;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile JobRunner runner;

    public Retention(DataSource dataSource, List<Rule> rules, int batchSize, Clock clock) {
        this.dataSource = dataSource;
        this.rules = List.copyOf(rules);
        this.batchSize = batchSize;
        this.clock = clock;
    }

    /** Published outbox rows: the relay is done with them; kept a while for ops looking back. */
    public static Rule outbox(Duration keep) {
        return byId("outbox_event", "sent_at", keep);
    }

    /** The job history ({@link JobHistory}): runs and summaries of runs, kept for ops looking back. */
    public static Rule jobRuns(Duration keep) {
        return byId("job_run", "finished_at", keep);
    }

    /**
     * Rows of {@code table} (a {@code bigserial id}) whose {@code timestampColumn} is older than
     * {@code keep}, oldest first; a null timestamp (not done yet) never matches. Both names come from
     * code, never from input.
     */
    public static Rule byId(String table, String timestampColumn, Duration keep) {
        return new Rule(table, "delete from " + table + " where id in (select id from " + table + " where "
                + timestampColumn + " < ? order by id limit ?)", keep);
    }

    /**
     * The same for a table keyed by {@code keyColumns} instead of an id: oldest {@code timestampColumn}
     * first (give that column an index).
     */
    public static Rule byKey(String table, List<String> keyColumns, String timestampColumn, Duration keep) {
        String keys = String.join(", ", keyColumns);
        String join = String.join(" and ", keyColumns.stream().map(k -> "t." + k + " = old." + k).toList());
        return new Rule(table, "delete from " + table + " t using (select " + keys + " from " + table + " where "
                + timestampColumn + " < ? order by " + timestampColumn + " limit ?) old where " + join, keep);
    }

    /** One pass over every rule; returns the rows deleted per rule. */
    public Map<String, Long> purge() throws SQLException {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (Rule rule : rules) {
            Timestamp cutoff = Timestamp.from(clock.instant().minus(rule.keep()));
            long total = 0;
            int batch;
            try (Connection db = dataSource.getConnection(); PreparedStatement delete = db.prepareStatement(rule.deleteSql())) {
                db.setAutoCommit(true);
                do {
                    delete.setTimestamp(1, cutoff);
                    delete.setInt(2, batchSize);
                    batch = delete.executeUpdate();
                    total += batch;
                    progress();
                } while (batch == batchSize && stopped.getCount() > 0);
            }
            deleted.put(rule.name(), total);
        }
        return deleted;
    }

    /**
     * Purges now and then every {@code interval} until stopped, on a {@link JobRunner} (CONTINUOUS,
     * the interval its sweep); a failed pass is logged and retried next time.
     */
    public JobRunner start(String name, Duration interval, Workers workers, JobHistory history) {
        JobRunner started = new JobRunner(name, JobRunner.Mode.CONTINUOUS, interval, null, this::pass, history);
        runner = started;
        started.start(workers);
        return started;
    }

    /** A long purge is not a stuck one: each batch tells the runner, if it runs on one. */
    private void progress() {
        JobRunner current = runner;
        if (current != null) {
            current.progress();
        }
    }

    /** Ends a pass under way after its current batch (before its runner is stopped). */
    public void stop() {
        stopped.countDown();
    }

    private JobRunner.Result pass() throws SQLException {
        Map<String, Long> deleted = purge();
        long total = deleted.values().stream().mapToLong(Long::longValue).sum();
        if (total > 0) {
            LOG.infof("retention: deleted %s", deleted);
        }
        return new JobRunner.Result((int) Math.min(Integer.MAX_VALUE, total), 0);
    }
}
