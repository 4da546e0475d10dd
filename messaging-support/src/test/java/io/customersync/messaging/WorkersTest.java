package io.customersync.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The supervisor on its own: restarts with back-off, gives up, notices a loop that stopped turning. */
class WorkersTest {

    private static final Duration POLL = Duration.ofMillis(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<BackgroundWorker> started = new ArrayList<>();
    private final List<Long> runsStartedAt = new CopyOnWriteArrayList<>();
    private Workers workers;

    @AfterEach
    void stopAll() {
        started.forEach(worker -> worker.stop(Duration.ofSeconds(5)));
    }

    @Test
    void aLoopThatThrowsIsRestartedAfterTheBackOffAndRunsAgain() {
        workers = workers(Duration.ofMinutes(1), Duration.ofSeconds(10), 5, Duration.ofMillis(400));
        AtomicInteger runs = new AtomicInteger();
        start("consumer:test", Workers.Scope.SERVICE, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("poll failed for ada@example.com");
            }
        });

        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.RESTARTING);
        assertEquals(0.0, up(), "not up while it restarts");
        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.RUNNING);

        Workers.Report report = report();
        assertEquals(2, runs.get());
        assertEquals(1, report.restarts());
        assertNull(report.failingFor(), "a completed turn ends the failure streak");
        assertEquals("IllegalStateException", report.lastFailure(), "the class only: a message may quote personal data");
        assertFalse(report.describe().contains("ada"), report.describe());
        assertTrue(runsStartedAt.get(1) - runsStartedAt.get(0) >= 200, "restarted after the back-off (at least half its step)");
        assertTrue(workers.ready());
        assertEquals(1.0, up());
        assertEquals(1.0, meters.get("customersync.worker.restarts").tag("worker", "consumer:test").functionCounter().count());
    }

    @Test
    void aLoopThatKeepsFailingEndsDeadAndLivenessIsDown() throws InterruptedException {
        workers = workers(Duration.ofMinutes(1), Duration.ofSeconds(10), 3, Duration.ofMillis(20));
        AtomicInteger runs = new AtomicInteger();
        start("relay:test", Workers.Scope.SERVICE, () -> {
            runs.incrementAndGet();
            throw new OutOfMemoryError("Java heap space");
        });

        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.DEAD);
        Thread.sleep(300);

        assertEquals(3, runs.get(), "it gave up after 3 failures in a row");
        assertFalse(workers.alive());
        assertFalse(workers.ready());
        assertTrue(report().down());
        assertEquals(0.0, up());
    }

    @Test
    void aLoopThatStopsTurningIsStuckAndTakesReadinessButNotLivenessDown() {
        workers = workers(Duration.ofMillis(300), Duration.ofSeconds(10), 3, Duration.ofMillis(20));
        CountDownLatch released = new CountDownLatch(1);
        BackgroundWorker worker = workers.start("job:test", () -> WorkerLoop.of(heartbeat -> {
            heartbeat.beat();
            released.await(); // e.g. a statement that never returns
        }, released::countDown));
        started.add(worker);

        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.STUCK);
        assertFalse(workers.ready());
        assertTrue(workers.alive());
        assertEquals(0.0, up());

        worker.stop(Duration.ofSeconds(5));
        assertEquals(Workers.Condition.STOPPED, report().condition());
        assertTrue(workers.ready(), "stopped on purpose is not down");
    }

    @Test
    void aFailingWorkerTakesReadinessDownOnlyAfterUnreadyAfter() {
        workers = workers(Duration.ofMinutes(1), Duration.ofMillis(500), 5, Duration.ofSeconds(2));
        AtomicInteger runs = new AtomicInteger();
        start("notify:test", Workers.Scope.SERVICE, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("listener broken");
            }
        });

        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.RESTARTING);
        assertTrue(workers.ready(), "a failure just now does not make the service unready yet");
        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> !workers.ready());
        assertTrue(report().describe().startsWith("RESTARTING (down)"), report().describe());

        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(workers::ready);
        assertEquals(Workers.Condition.RUNNING, report().condition());
    }

    @Test
    void aDeadWorkerOfOneChannelIsShownButLeavesTheServiceReady() {
        workers = workers(Duration.ofMinutes(1), Duration.ZERO, 2, Duration.ofMillis(20));
        start("job:1010-HOUSTON", Workers.Scope.ONE_CHANNEL, () -> {
            throw new StackOverflowError();
        });

        await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.DEAD);
        assertTrue(workers.ready(), "one channel's worker never makes the whole service unready");
        assertFalse(workers.alive(), "but it cannot recover without a restart of the service");
        assertTrue(report().describe().contains("one channel"), report().describe());
    }

    @Test
    void aLoopThatEndsWithoutBeingStoppedIsRestartedAndAStopDuringTheBackOffEndsAtOnce() {
        workers = workers(Duration.ofMinutes(1), Duration.ofSeconds(10), 5, Duration.ofMinutes(1));
        BackgroundWorker worker = workers.start("consumer:ends", () -> WorkerLoop.of(heartbeat -> {
        }, () -> {
        }));

        await().atMost(Duration.ofSeconds(2)).pollInterval(POLL).until(() -> report().condition() == Workers.Condition.RESTARTING);
        long before = System.nanoTime();
        worker.stop(Duration.ofSeconds(10));

        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) < 2_000, "not after the minute of back-off");
        assertEquals(Workers.Condition.STOPPED, report().condition());
        assertEquals("IllegalStateException", report().lastFailure());
    }

    @Test
    void aFailureIsDescribedByItsClassesAndPlaceNeverItsMessage() {
        Exception failure = new IllegalStateException("customer ada@example.com",
                new java.sql.SQLException("value +1 713 555 0100"));

        String text = BackgroundWorker.describe(failure);

        assertTrue(text.startsWith("java.lang.IllegalStateException <- java.sql.SQLException at "), text);
        assertFalse(text.contains("ada") || text.contains("555"), text);
    }

    /** A worker whose first turn runs {@code turn}, then beats every 20 ms until stopped. */
    private void start(String name, Workers.Scope scope, Runnable firstTurn) {
        started.add(workers.start(name, scope, () -> {
            CountDownLatch stopped = new CountDownLatch(1);
            return WorkerLoop.of(heartbeat -> {
                runsStartedAt.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
                firstTurn.run();
                do {
                    heartbeat.beat();
                } while (!stopped.await(20, TimeUnit.MILLISECONDS));
            }, stopped::countDown);
        }));
    }

    private Workers workers(Duration stuckAfter, Duration unreadyAfter, int giveUpAfter, Duration restartInitial) {
        return new Workers(new Workers.Settings(stuckAfter, unreadyAfter, giveUpAfter, restartInitial,
                restartInitial.multipliedBy(4)), meters, Clock.systemUTC());
    }

    private Workers.Report report() {
        return workers.reports().get(0);
    }

    private double up() {
        return meters.get("customersync.worker.up").gauge().value();
    }
}
