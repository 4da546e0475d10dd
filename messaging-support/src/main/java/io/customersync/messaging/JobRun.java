package io.customersync.messaging;

import java.sql.SQLException;
import java.time.Instant;

/**
 * A row of the job history ({@link JobHistory}): one run, or a summary of a job's runs.
 *
 * @param id          the run id (null until written)
 * @param trigger     START, EVENT, SWEEP, RETRY (continuous), SCHEDULE, ON_DEMAND; CONTINUOUS or
 *                    SCHEDULE for a summary of several runs
 * @param requestedBy who asked for an ON_DEMAND run (the caller's name); null for the others
 * @param runs        how many runs the row stands for (1 for a single run)
 * @param processed   what the runs did; {@code failed}: the items they could not do
 * @param failure     why the run failed: the exception's types and SQL state, never its message
 *                    (messages can carry customer data); null if it did not fail
 */
public record JobRun(Long id, String job, String trigger, String requestedBy, Instant startedAt,
        Instant finishedAt, int runs, int processed, int failed, String failure) {

    public static final String ON_DEMAND = "ON_DEMAND";
    public static final String SCHEDULE = "SCHEDULE";
    public static final String CONTINUOUS = "CONTINUOUS";
    private static final int FAILURE_LENGTH = 300;

    /** One run, as a runner reports it. */
    public static JobRun single(String job, String trigger, String requestedBy, Instant startedAt,
            Instant finishedAt, int processed, int failed, Throwable failure) {
        return new JobRun(null, job, trigger, requestedBy, startedAt, finishedAt, 1, processed, failed,
                failure == null ? null : describe(failure));
    }

    /** Did nothing: no items, no failure, nobody asked for it. */
    public boolean idle() {
        return processed == 0 && failed == 0 && failure == null && !ON_DEMAND.equals(trigger);
    }

    /** Kept on a row of its own: it failed or someone asked for it. */
    boolean kept() {
        return failure != null || ON_DEMAND.equals(trigger);
    }

    /**
     * The failure as the history keeps it: the exception's type and those of its causes, with the
     * SQL state of SQL exceptions; never a message, which may name a customer or a value.
     */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = failure; e != null && text.length() < FAILURE_LENGTH; e = e.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(e.getClass().getName());
            if (e instanceof SQLException sql && sql.getSQLState() != null) {
                text.append(" [SQL state ").append(sql.getSQLState()).append(']');
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return text.length() > FAILURE_LENGTH ? text.substring(0, FAILURE_LENGTH) : text.toString();
    }
}
