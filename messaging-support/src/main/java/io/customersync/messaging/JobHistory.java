package io.customersync.messaging;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * The owner of {@code job_run} in every service's database: the history of its jobs, written by
 * {@link JobRunner} (and the continuous outbox relay) for every run, read by the service's jobs
 * API. Being in the database, it outlives a restart and reads the same from every instance.
 * <p>
 * So that a continuous job looping every few milliseconds does not flood it:
 * <ul>
 * <li>a run that someone asked for (ON_DEMAND, with who) is a row of its own, at once;</li>
 * <li>a run that failed is a row of its own, at once, unless the job's previous run failed the same
 * way: repeats of one failure (a relay retrying through a broker outage) are summed into one row
 * per {@code summary}, written when it is due or when a run ends the streak;</li>
 * <li>the other runs of a job are summed into one row (trigger CONTINUOUS or SCHEDULE, {@code runs}
 * counting them), written once its first run is {@code summary} old if they did work, or
 * {@code idle-summary} old if none of them did anything; a run with work after idle ones that
 * began more than {@code summary} ago first writes the idle ones' row. A job's open row is written
 * when it stops, and lost if the process dies.</li>
 * </ul>
 */
@Singleton
public class JobHistory {

    private static final Logger LOG = Logger.getLogger(JobHistory.class);
    private static final String COLUMNS =
            "id, job, trigger, requested_by, started_at, finished_at, runs, processed, failed, failure";

    private final DataSource dataSource;
    private final Duration summary;
    private final Duration idleSummary;
    private final Map<String, JobRun> open = new ConcurrentHashMap<>();
    private final Map<String, Streak> failing = new ConcurrentHashMap<>();

    @Inject
    public JobHistory(DataSource dataSource, JobHistoryConfig config) {
        this(dataSource, config.summary(), config.idleSummary());
    }

    public JobHistory(DataSource dataSource, Duration summary, Duration idleSummary) {
        this.dataSource = dataSource;
        this.summary = summary;
        this.idleSummary = idleSummary;
    }

    /** Records one run: a failed or asked-for run at once, any other into its job's open summary. */
    public synchronized void record(JobRun run) {
        if (run.failure() != null && run.requestedBy() == null) {
            recordFailure(run);
            return;
        }
        endStreak(run.job());
        if (run.kept()) {
            insert(run);
            return;
        }
        JobRun before = open.get(run.job());
        if (before != null && before.idle() && !run.idle() && before.startedAt().plus(summary).isBefore(run.startedAt())) {
            open.remove(run.job());
            insert(before);
            before = null;
        }
        open.put(run.job(), before == null ? summaryOf(run) : add(before, run));
        flushDue(run.job(), run.finishedAt());
    }

    /** Writes the job's open summary if it is due at {@code now}. */
    public synchronized void flushDue(String job, Instant now) {
        Streak streak = failing.get(job);
        if (streak != null && streak.repeats() != null && !streak.repeats().startedAt().plus(summary).isAfter(now)
                && failing.replace(job, streak, new Streak(streak.failure(), null))) {
            insert(streak.repeats());
        }
        JobRun current = open.get(job);
        if (current != null && !current.startedAt().plus(current.idle() ? idleSummary : summary).isAfter(now)
                && open.remove(job, current)) {
            insert(current);
        }
    }

    /** Writes the job's open summary now (the job stops). */
    public void flush(String job) {
        endStreak(job);
        JobRun current = open.remove(job);
        if (current != null) {
            insert(current);
        }
    }

    /** The newest rows of a job, newest first. */
    public List<JobRun> recent(String job, int limit) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(
                "select " + COLUMNS + " from job_run where job = ? order by id desc limit ?")) {
            select.setString(1, job);
            select.setInt(2, limit);
            return read(select);
        }
    }

    /** The newest row of each of these jobs that has one. */
    public Map<String, JobRun> last(Collection<String> jobs) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(
                "select distinct on (job) " + COLUMNS + " from job_run where job = any(?) order by job, id desc")) {
            select.setArray(1, db.createArrayOf("varchar", jobs.toArray()));
            Map<String, JobRun> last = new LinkedHashMap<>();
            read(select).forEach(run -> last.put(run.job(), run));
            return last;
        }
    }

    /** The first failure of a streak is written at once; its repeats are summed, one row per summary. */
    private void recordFailure(JobRun run) {
        Streak streak = failing.get(run.job());
        if (streak == null || !streak.failure().equals(run.failure())) {
            endStreak(run.job());
            insert(run);
            failing.put(run.job(), new Streak(run.failure(), null));
            return;
        }
        JobRun repeats = streak.repeats() == null ? run : new JobRun(null, run.job(), streak.repeats().trigger(),
                null, streak.repeats().startedAt(), run.finishedAt(), streak.repeats().runs() + 1,
                streak.repeats().processed() + run.processed(), streak.repeats().failed() + run.failed(), run.failure());
        failing.put(run.job(), new Streak(run.failure(), repeats));
        flushDue(run.job(), run.finishedAt());
    }

    /** A run that did not fail the same way ends the job's failure streak: its repeats are written. */
    private void endStreak(String job) {
        Streak streak = failing.remove(job);
        if (streak != null && streak.repeats() != null) {
            insert(streak.repeats());
        }
    }

    /** A job's current failure and the sum of its repeats not written yet (null if none). */
    private record Streak(String failure, JobRun repeats) {
    }

    private static JobRun summaryOf(JobRun run) {
        String trigger = JobRun.SCHEDULE.equals(run.trigger()) ? JobRun.SCHEDULE : JobRun.CONTINUOUS;
        return new JobRun(null, run.job(), trigger, null, run.startedAt(), run.finishedAt(), 1, run.processed(),
                run.failed(), null);
    }

    private static JobRun add(JobRun sum, JobRun run) {
        return new JobRun(null, sum.job(), sum.trigger(), null, sum.startedAt(), run.finishedAt(),
                sum.runs() + 1, sum.processed() + run.processed(), sum.failed() + run.failed(), null);
    }

    /** A history that cannot be written never stops a job: the row is logged and dropped. */
    private void insert(JobRun run) {
        try (Connection db = dataSource.getConnection(); PreparedStatement insert = db.prepareStatement("""
                insert into job_run (job, trigger, requested_by, started_at, finished_at, runs, processed, failed, failure)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setString(1, run.job());
            insert.setString(2, run.trigger());
            insert.setObject(3, run.requestedBy(), Types.VARCHAR);
            insert.setTimestamp(4, Timestamp.from(run.startedAt()));
            insert.setTimestamp(5, Timestamp.from(run.finishedAt()));
            insert.setInt(6, run.runs());
            insert.setInt(7, run.processed());
            insert.setInt(8, run.failed());
            insert.setObject(9, run.failure(), Types.VARCHAR);
            insert.executeUpdate();
        } catch (SQLException e) {
            LOG.warnf("job %s: a run of it was not recorded (%s)", run.job(), JobRun.describe(e));
        }
    }

    private static List<JobRun> read(PreparedStatement select) throws SQLException {
        List<JobRun> runs = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                runs.add(new JobRun(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getInt(7), rs.getInt(8),
                        rs.getInt(9), rs.getString(10)));
            }
        }
        return runs;
    }
}
