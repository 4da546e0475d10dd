package io.customersync.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job history on a real PostgreSQL: which runs are rows of their own, how the others are
 * summed, and that what one history wrote another (a restarted or a second instance) reads the same.
 */
class JobHistoryTest {

    private static final Duration SUMMARY = Duration.ofMinutes(1);
    private static final Duration IDLE_SUMMARY = Duration.ofMinutes(10);
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static PGSimpleDataSource dataSource;

    private JobHistory history;

    @BeforeAll
    static void database() {
        dataSource = TestDatabases.withOutbox("job_history_test");
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement()) {
            sql.execute("delete from job_run");
        }
        history = new JobHistory(dataSource, SUMMARY, IDLE_SUMMARY);
    }

    @Test
    void aContinuousJobLoopingEveryFewMillisecondsIsOneRowAMinuteWithItsRunsSummed() throws SQLException {
        for (int i = 0; i < 12_000; i++) { // two minutes of a run every 10 ms, work in every tenth
            Instant start = T0.plusMillis(10L * i);
            history.record(JobRun.single("loop", "EVENT", null, start, start.plusMillis(2), i % 10 == 0 ? 3 : 0, 0, null));
        }

        List<JobRun> rows = history.recent("loop", 10);
        assertEquals(1, rows.size(), "the first minute is written, the second is still open: " + rows);
        JobRun minute = rows.get(0);
        assertEquals("CONTINUOUS", minute.trigger());
        assertEquals(6_001, minute.runs());
        assertEquals(601 * 3, minute.processed());
        assertEquals(T0, minute.startedAt());

        history.flush("loop");
        assertEquals(12_000, history.recent("loop", 10).stream().mapToInt(JobRun::runs).sum());
        assertEquals(1_200 * 3, history.recent("loop", 10).stream().mapToInt(JobRun::processed).sum());
    }

    @Test
    void idleRunsAreOneRowPerIdleSummaryAndWorkAfterThemStartsARowOfItsOwn() throws SQLException {
        for (int i = 0; i < 1_000; i++) { // idle sweeps every second for 1000 s
            history.record(JobRun.single("quiet", "SWEEP", null, T0.plusSeconds(i), T0.plusSeconds(i), 0, 0, null));
        }
        assertEquals(1, history.recent("quiet", 10).size(), "600 s of idle runs in one row");
        assertEquals(601, history.recent("quiet", 10).get(0).runs());

        history.record(JobRun.single("quiet", "EVENT", null, T0.plusSeconds(1_000), T0.plusSeconds(1_000), 5, 0, null));
        history.flushDue("quiet", T0.plusSeconds(1_061));

        List<JobRun> rows = history.recent("quiet", 10);
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(5, rows.get(0).processed());
        assertEquals(1, rows.get(0).runs());
        assertEquals(0, rows.get(1).processed(), "the idle runs before the work");
        assertEquals(399, rows.get(1).runs());
        assertEquals(1_001, rows.stream().mapToInt(JobRun::runs).sum());
    }

    @Test
    void failedAndAskedForRunsAreRowsOfTheirOwnAtOnce() throws SQLException {
        history.record(JobRun.single("p-job", "EVENT", null, T0, T0, 2, 0, null));
        history.record(JobRun.single("p-job", "ON_DEMAND", "ops", T0.plusSeconds(1), T0.plusSeconds(2), 7, 0, null));
        history.record(JobRun.single("p-job", "EVENT", null, T0.plusSeconds(3), T0.plusSeconds(3), 0, 0,
                new SQLException("duplicate key (email)=(ada@example.com)", "23505")));

        List<JobRun> rows = history.recent("p-job", 10);
        assertEquals(2, rows.size(), "the plain run waits in its summary: " + rows);
        assertEquals("java.sql.SQLException [SQL state 23505]", rows.get(0).failure());
        assertEquals("ON_DEMAND", rows.get(1).trigger());
        assertEquals("ops", rows.get(1).requestedBy());
        assertEquals(7, rows.get(1).processed());
        assertNull(rows.get(1).failure());
    }

    @Test
    void aFailureRetriedEverySecondIsARowAtOnceThenItsRepeatsOneRowAMinuteUntilARunEndsTheStreak() throws SQLException {
        SQLException brokerDown = new SQLException("connection refused", "08001");
        for (int i = 0; i <= 150; i++) { // two and a half minutes of a relay retrying every second
            history.record(JobRun.single("relay", "RETRY", null, T0.plusSeconds(i), T0.plusSeconds(i), 0, 0, brokerDown));
        }
        List<JobRun> rows = history.recent("relay", 10);
        assertEquals(List.of(61, 61, 1), rows.stream().map(JobRun::runs).toList(),
                "the first failure at once, then a row per minute of its repeats: " + rows);
        assertTrue(rows.stream().allMatch(row -> "java.sql.SQLException [SQL state 08001]".equals(row.failure())));
        assertEquals("RETRY", rows.get(0).trigger());

        history.record(JobRun.single("relay", "EVENT", null, T0.plusSeconds(151), T0.plusSeconds(151), 4, 0, null));
        rows = history.recent("relay", 10);
        assertEquals(4, rows.size(), "the success writes the repeats since the last row: " + rows);
        assertEquals(151, rows.stream().mapToInt(JobRun::runs).sum());
        assertEquals(T0.plusSeconds(123), rows.get(0).startedAt());
        assertEquals(T0.plusSeconds(150), rows.get(0).finishedAt());

        history.record(JobRun.single("relay", "RETRY", null, T0.plusSeconds(152), T0.plusSeconds(152), 0, 0, brokerDown));
        history.record(JobRun.single("relay", "RETRY", null, T0.plusSeconds(153), T0.plusSeconds(153), 0, 0,
                new IllegalStateException("another failure")));
        rows = history.recent("relay", 10);
        assertEquals(6, rows.size(), "a new streak and another failure are rows at once: " + rows);
        assertTrue(rows.get(0).failure().startsWith("java.lang.IllegalStateException"));
    }

    @Test
    void aSecondHistoryOnTheSameDatabaseReadsExactlyWhatTheFirstWrote() throws SQLException {
        history.record(JobRun.single("customer-sync", "ON_DEMAND", "ops", T0, T0.plusMillis(5), 3, 1, null));
        history.record(JobRun.single("order-sync", "SCHEDULE", null, T0, T0.plusMillis(5), 0, 0,
                new IllegalStateException("boom")));
        history.record(JobRun.single("order-sync", "SCHEDULE", null, T0.plusSeconds(1), T0.plusSeconds(1), 2, 0, null));
        history.flush("order-sync");

        JobHistory restarted = new JobHistory(dataSource, SUMMARY, IDLE_SUMMARY); // another instance, or after a restart
        JobHistory other = new JobHistory(dataSource, SUMMARY, IDLE_SUMMARY);
        Set<String> jobs = Set.of("customer-sync", "order-sync", "statement-posting");
        Map<String, JobRun> last = restarted.last(jobs);
        assertEquals(last, other.last(jobs));
        assertEquals(history.recent("order-sync", 10), other.recent("order-sync", 10));
        assertEquals(Set.of("customer-sync", "order-sync"), last.keySet(), "never run: no last run");
        assertEquals(2, last.get("order-sync").processed());
        assertEquals("SCHEDULE", last.get("order-sync").trigger());
        assertEquals(2, restarted.recent("order-sync", 10).size());
        assertTrue(restarted.recent("order-sync", 10).get(1).failure().startsWith("java.lang.IllegalStateException"));
    }
}
