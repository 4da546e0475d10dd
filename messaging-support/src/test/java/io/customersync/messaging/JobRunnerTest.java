package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job runner's three modes, on a real job: it takes the rows waiting in a table of a real
 * PostgreSQL, and a transaction that queues work NOTIFYs the continuous one.
 */
class JobRunnerTest {

    private static final Duration LONG = Duration.ofMinutes(10);
    private static final String NOTIFY = "job_runner_test";
    private static final Workers WORKERS = TestWorkers.create();
    private static PGSimpleDataSource dataSource;

    private final List<JobRunner.Run> recorded = new CopyOnWriteArrayList<>();
    private final AtomicInteger runs = new AtomicInteger();
    private final List<Instant> starts = new CopyOnWriteArrayList<>();
    private final List<BackgroundWorker> workers = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();

    @BeforeAll
    static void database() throws SQLException {
        dataSource = TestDatabases.withOutbox("job_runner_test");
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement()) {
            sql.execute("create table work_item (id serial primary key)");
        }
    }

    @BeforeEach
    void noWork() throws SQLException {
        execute("delete from work_item");
    }

    @AfterEach
    void stop() {
        runners.forEach(runner -> runner.stop(Duration.ofSeconds(5)));
        workers.forEach(worker -> worker.stop(Duration.ofSeconds(5)));
    }

    @Test
    void aContinuousJobRunsAtStartAndTheMomentWorkIsNotifiedNotOnlyAtItsSweep() throws Exception {
        queueWork(2, false);
        JobRunner runner = start(JobRunner.Mode.CONTINUOUS, LONG);
        NotificationLoop listener = new NotificationLoop("test listener", dataSource, NOTIFY, Duration.ofMillis(200),
                new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1)), runner::workArrived, payload -> runner.workArrived());
        workers.add(WORKERS.start("test-listener", () -> listener));

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0);
        assertEquals("START", recorded.get(0).trigger());
        assertEquals(2, recorded.stream().mapToInt(JobRunner.Run::processed).sum());

        queueWork(3, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0);
        assertEquals(5, recorded.stream().mapToInt(JobRunner.Run::processed).sum());
        assertTrue(recorded.stream().anyMatch(run -> run.trigger().equals("EVENT") && run.processed() == 3), recorded::toString);
    }

    @Test
    void aScheduledJobRunsEveryIntervalAndNewWorkWaitsForItsTurn() throws Exception {
        Duration interval = Duration.ofMillis(300);
        JobRunner runner = start(JobRunner.Mode.SCHEDULED, interval);
        queueWork(1, false);
        runner.workArrived(); // not a trigger for a scheduled job

        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 4);
        assertEquals(0, waiting());
        List<Instant> all = List.copyOf(starts);
        for (int i = 1; i < all.size(); i++) {
            Duration gap = Duration.between(all.get(i - 1), all.get(i));
            assertFalse(gap.compareTo(interval.minusMillis(20)) < 0, "runs " + gap.toMillis() + " ms apart: " + all);
        }
        assertEquals(List.of("SCHEDULE"), recorded.stream().map(JobRunner.Run::trigger).toList(),
                "only the run that found the work is recorded");
        assertEquals(1, recorded.get(0).processed());
    }

    @Test
    void anOnDemandJobRunsOnlyWhenAskedAndThenOnce() throws Exception {
        JobRunner runner = start(JobRunner.Mode.ON_DEMAND, null);
        queueWork(4, true);
        runner.workArrived();

        Thread.sleep(1_000);
        assertEquals(0, runs.get(), "nobody asked");
        assertEquals(4, waiting());

        runner.runNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);
        assertEquals(0, waiting());
        assertEquals("ON_DEMAND", runner.lastRun().trigger());
        assertEquals(4, runner.lastRun().processed());
        Thread.sleep(500);
        assertEquals(1, runs.get(), "one request, one run");
    }

    @Test
    void aFailedContinuousRunIsRetriedAfterTheBackOff() {
        AtomicInteger attempts = new AtomicInteger();
        JobRunner runner = new JobRunner("flaky", JobRunner.Mode.CONTINUOUS, LONG,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(100)), () -> {
                    if (attempts.incrementAndGet() < 3) {
                        throw new SQLException("database away");
                    }
                    return new JobRunner.Result(1, 0);
                }, recorded::add);
        runners.add(runner);
        runner.start(WORKERS);

        await().atMost(Duration.ofSeconds(20)).until(() -> !recorded.isEmpty());
        assertEquals(3, attempts.get());
        assertEquals("RETRY", recorded.get(0).trigger());
    }

    @Test
    void aRunThatCannotBeRecordedDoesNotStopTheJob() throws Exception {
        JobRunner runner = new JobRunner("unrecorded", JobRunner.Mode.ON_DEMAND, null, null, this::takeWork, run -> {
            throw new IllegalStateException("job log unavailable");
        });
        runners.add(runner);
        runner.start(WORKERS);

        runner.runNow();
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);
        queueWork(2, false);
        runner.runNow();

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0);
        assertEquals(2, runs.get());
        assertEquals(2, runner.lastRun().processed());
    }

    @Test
    void aJobThatRunsByItselfNeedsAnInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> new JobRunner("no schedule", JobRunner.Mode.SCHEDULED, Duration.ZERO, null, () -> null, run -> {
                }));
    }

    private JobRunner start(JobRunner.Mode mode, Duration pause) {
        JobRunner runner = new JobRunner("test-" + mode, mode, pause, null, this::takeWork, recorded::add);
        runners.add(runner);
        runner.start(WORKERS);
        return runner;
    }

    /** The real work: takes every waiting item; every run, even an empty one, is counted. */
    private JobRunner.Result takeWork() throws SQLException {
        starts.add(Instant.now());
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement();
                ResultSet taken = sql.executeQuery("with taken as (delete from work_item returning id) select count(*) from taken")) {
            taken.next();
            JobRunner.Result result = new JobRunner.Result(taken.getInt(1), 0);
            runs.incrementAndGet();
            return result;
        }
    }

    private void queueWork(int items, boolean notify) throws SQLException {
        execute("insert into work_item select from generate_series(1, " + items + ")"
                + (notify ? "; notify " + NOTIFY : ""));
    }

    private static int waiting() throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement();
                ResultSet rs = sql.executeQuery("select count(*) from work_item")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String statement) throws SQLException {
        try (Connection db = dataSource.getConnection(); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }
}
