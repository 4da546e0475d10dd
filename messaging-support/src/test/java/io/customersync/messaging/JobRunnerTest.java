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
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job runner's three modes, on a real job: it takes the rows waiting in a table of a real
 * PostgreSQL, and a transaction that queues work NOTIFYs the continuous one. Every run goes to the
 * job history in that database ({@code recorded}: the runs handed to it).
 */
class JobRunnerTest {

    private static final Duration LONG = Duration.ofMinutes(10);
    private static final String NOTIFY = "job_runner_test";
    private static final Workers WORKERS = TestWorkers.create();
    private static PGSimpleDataSource dataSource;

    private RecordingHistory history;
    private List<JobRun> recorded;
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
        execute("delete from work_item; delete from job_run");
        history = new RecordingHistory(dataSource, LONG, LONG);
        recorded = history.handed;
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

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0 && !recorded.isEmpty());
        assertEquals("START", recorded.get(0).trigger());
        assertEquals(2, recorded.stream().mapToInt(JobRun::processed).sum());

        queueWork(3, true);

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0);
        assertEquals(5, recorded.stream().mapToInt(JobRun::processed).sum());
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
        assertTrue(recorded.stream().allMatch(run -> run.trigger().equals("SCHEDULE")), recorded::toString);
        assertEquals(1, recorded.stream().filter(run -> !run.idle()).count(), "one run found the work");
        assertEquals(1, recorded.stream().mapToInt(JobRun::processed).sum());
    }

    @Test
    void anOnDemandJobRunsOnlyWhenAskedAndThenOnce() throws Exception {
        JobRunner runner = start(JobRunner.Mode.ON_DEMAND, null);
        queueWork(4, true);
        runner.workArrived();

        Thread.sleep(1_000);
        assertEquals(0, runs.get(), "nobody asked");
        assertEquals(4, waiting());

        runner.runNow("ops-test");

        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1 && !stored(r -> true).isEmpty());
        assertEquals(0, waiting());
        JobRun run = stored(r -> true).get(0);
        assertEquals("ON_DEMAND", run.trigger());
        assertEquals("ops-test", run.requestedBy());
        assertEquals(4, run.processed());
        Thread.sleep(500);
        assertEquals(1, runs.get(), "one request, one run");
    }

    @Test
    void aFailedRunIsInTheHistoryWithItsTriggerAndTheExceptionsTypesButNoMessage() throws SQLException {
        JobRunner runner = new JobRunner("failing", JobRunner.Mode.ON_DEMAND, null, null, () -> {
            throw new IllegalStateException("customer ada@example.com", new SQLException("key (email)", "23505"));
        }, history);
        runners.add(runner);
        runner.start(WORKERS);

        runner.runNow("ops-test");

        await().atMost(Duration.ofSeconds(20)).until(() -> !stored(r -> r.job().equals("failing")).isEmpty());
        JobRun failed = stored(r -> r.job().equals("failing")).get(0);
        assertEquals("ON_DEMAND", failed.trigger());
        assertEquals("ops-test", failed.requestedBy());
        assertEquals("java.lang.IllegalStateException <- java.sql.SQLException [SQL state 23505]", failed.failure());
        assertFalse(failed.failure().contains("ada"), "no personal data: " + failed.failure());
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
                }, history);
        runners.add(runner);
        runner.start(WORKERS);

        await().atMost(Duration.ofSeconds(20)).until(() -> recorded.stream().anyMatch(run -> !run.idle()
                && run.failure() == null));
        assertEquals(3, attempts.get());
        assertEquals(List.of("START", "RETRY", "RETRY"), recorded.stream().map(JobRun::trigger).toList());
        assertEquals(2, recorded.stream().filter(run -> run.failure() != null).count(), "both failures recorded");
    }

    @Test
    void aRunThatCannotBeRecordedDoesNotStopTheJob() throws Exception {
        JobHistory unavailable = new JobHistory(dataSource, LONG, LONG) {
            @Override
            public void record(JobRun run) {
                throw new IllegalStateException("job history unavailable");
            }
        };
        JobRunner runner = new JobRunner("unrecorded", JobRunner.Mode.ON_DEMAND, null, null, this::takeWork,
                unavailable);
        runners.add(runner);
        runner.start(WORKERS);

        runner.runNow("ops-test");
        await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() == 1);
        queueWork(2, false);
        runner.runNow("ops-test");

        await().atMost(Duration.ofSeconds(20)).until(() -> waiting() == 0);
        assertEquals(2, runs.get());
    }

    @Test
    void workDoneHereRunsOnTheCallersThreadAndIsRecordedLikeARunTheWorkWoke() throws Exception {
        JobRunner continuous = new JobRunner("here", JobRunner.Mode.CONTINUOUS, LONG, null, this::takeWork, history);
        queueWork(3, false);
        Thread caller = Thread.currentThread();
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        assertEquals(3, continuous.runHere(() -> {
            ranOn.add(Thread.currentThread());
            return takeWork();
        }).orElseThrow().processed());

        assertEquals(List.of(caller), ranOn);
        assertEquals(0, waiting());
        assertEquals(1, recorded.size());
        assertEquals("EVENT", recorded.get(0).trigger());
        assertEquals(3, recorded.get(0).processed());

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> continuous.runHere(() -> {
            throw new IllegalStateException("database away");
        }));
        assertEquals("database away", failure.getMessage());
        assertEquals(2, recorded.size());
        assertEquals("java.lang.IllegalStateException", recorded.get(1).failure());
    }

    @Test
    void aJobOnASchedulePutsOffWorkOfferedHere() throws Exception {
        for (JobRunner.Mode mode : List.of(JobRunner.Mode.SCHEDULED, JobRunner.Mode.ON_DEMAND)) {
            JobRunner runner = new JobRunner("not here", mode, LONG, null, this::takeWork, history);
            queueWork(2, false);

            assertTrue(runner.runHere(this::takeWork).isEmpty(), mode + " decides when its work is done");

            assertEquals(2, waiting());
            assertEquals(0, runs.get());
            assertTrue(recorded.isEmpty());
            execute("delete from work_item");
        }
    }

    @Test
    void aJobThatRunsByItselfNeedsAnInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> new JobRunner("no schedule", JobRunner.Mode.SCHEDULED, Duration.ZERO, null, () -> null, history));
    }

    private JobRunner start(JobRunner.Mode mode, Duration pause) {
        JobRunner runner = new JobRunner("test-" + mode, mode, pause, null, this::takeWork, history);
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

    /** The rows of the job history in the database, newest first, read by a history of its own. */
    private List<JobRun> stored(Predicate<JobRun> which) throws SQLException {
        JobHistory reader = new JobHistory(dataSource, LONG, LONG);
        List<JobRun> all = new ArrayList<>();
        for (String job : List.of("test-ON_DEMAND", "failing")) {
            all.addAll(reader.recent(job, 10));
        }
        return all.stream().filter(which).toList();
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
