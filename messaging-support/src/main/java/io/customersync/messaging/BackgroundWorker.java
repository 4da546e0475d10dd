package io.customersync.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * A long-running loop on a thread of its own, started by {@link Workers} and supervised: a loop that
 * throws, or ends without being stopped, is logged (exception classes and place, never a message:
 * one may quote personal data), counted, and replaced by a new one after a back-off
 * ({@code workers.restart-initial}, doubled up to {@code workers.restart-max}). After
 * {@code workers.give-up-after} failures in a row with no completed turn in between it gives up: DEAD.
 */
public final class BackgroundWorker {

    private static final Logger LOG = Logger.getLogger(BackgroundWorker.class);

    /** RUNNING (or starting), RESTARTING (backing off before a new loop), STOPPED on purpose, DEAD (gave up). */
    public enum State {
        RUNNING, RESTARTING, STOPPED, DEAD
    }

    /**
     * The worker as its health check sees it. {@code failingSince}: its first failure since its last
     * completed turn (null: none); {@code lastFailure}: the class of the latest failure, if any.
     */
    public record Status(String name, Workers.Scope scope, State state, Instant lastHeartbeat, long restarts,
            Instant failingSince, String lastFailure, Instant lastFailureAt) {
    }

    private final String name;
    private final Workers.Scope scope;
    private final Supplier<? extends WorkerLoop> loops;
    private final Workers.Settings settings;
    private final Clock clock;
    private final Backoff backoff;
    private final Thread thread;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final AtomicLong restarts = new AtomicLong();
    private WorkerLoop current;
    private volatile State state = State.RUNNING;
    private volatile Instant lastHeartbeat;
    private volatile Instant failingSince;
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;
    private int failuresInARow;

    BackgroundWorker(String name, Workers.Scope scope, Supplier<? extends WorkerLoop> loops, Workers.Settings settings,
            Clock clock) {
        this.name = name;
        this.scope = scope;
        this.loops = loops;
        this.settings = settings;
        this.clock = clock;
        this.backoff = new Backoff(settings.restartInitial(), settings.restartMax());
        this.lastHeartbeat = clock.instant();
        this.thread = new Thread(this::supervise, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    public String name() {
        return name;
    }

    public Status status() {
        return new Status(name, scope, state, lastHeartbeat, restarts.get(), failingSince, lastFailure, lastFailureAt);
    }

    /** Asks the loop to stop (also during a back-off) and waits for it, at most {@code grace}. */
    public void stop(Duration grace) {
        WorkerLoop loop;
        synchronized (this) {
            stopping.countDown();
            loop = current;
        }
        if (loop != null) {
            loop.stop();
        }
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warnf("%s did not stop within %s", name, grace);
        }
    }

    private void supervise() {
        while (!stopRequested()) {
            Throwable failure = null;
            try {
                WorkerLoop loop = loops.get();
                if (!install(loop)) {
                    loop.stop(); // stopped meanwhile: it ends at once and lets go of what it holds
                }
                loop.run(this::beat);
                if (!stopRequested()) {
                    failure = new IllegalStateException("the loop ended without being stopped");
                }
            } catch (Throwable e) { // an Error too: the worker must not vanish silently
                failure = e;
            } finally {
                install(null);
                Thread.interrupted(); // an interrupt meant for the failed loop is not the next one's
            }
            if (failure == null || stopRequested() || !restartAfter(failure)) {
                break;
            }
        }
        if (state != State.DEAD) {
            state = State.STOPPED;
        }
    }

    /** A completed turn: the loop is alive and any failure streak is over. */
    private void beat() {
        lastHeartbeat = clock.instant();
        if (failuresInARow > 0) {
            failuresInARow = 0;
            failingSince = null;
            backoff.reset();
        }
    }

    /** Logs and counts the failure, waits the back-off; false if the worker gives up or was stopped meanwhile. */
    private boolean restartAfter(Throwable failure) {
        Instant now = clock.instant();
        failuresInARow++;
        lastFailure = failure.getClass().getSimpleName();
        lastFailureAt = now;
        if (failingSince == null) {
            failingSince = now;
        }
        if (failuresInARow >= settings.giveUpAfter()) {
            state = State.DEAD;
            LOG.errorf("worker %s failed unexpectedly (%s), %d times in a row without completing a turn: it gives up (DEAD)",
                    name, describe(failure), failuresInARow);
            return false;
        }
        Duration delay = backoff.nextDelay();
        state = State.RESTARTING;
        LOG.errorf("worker %s failed unexpectedly (%s); restarting it in %d ms (failure %d in a row)", name,
                describe(failure), delay.toMillis(), failuresInARow);
        if (awaitStop(delay)) {
            return false;
        }
        restarts.incrementAndGet();
        state = State.RUNNING;
        return true;
    }

    /** Waits {@code delay}; true if stopped meanwhile. An interrupt does not cut the back-off short. */
    private boolean awaitStop(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (true) {
            try {
                return stopping.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ignored) {
                // not a stop (that is the latch): keep backing off
            }
        }
    }

    private synchronized boolean install(WorkerLoop loop) {
        if (loop != null && stopRequested()) {
            return false;
        }
        current = loop;
        return true;
    }

    private boolean stopRequested() {
        return stopping.getCount() == 0;
    }

    /** Exception classes of the chain and where it was thrown; no message (it may quote personal data). */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.getClass().getName());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getName());
        }
        StackTraceElement[] frames = failure.getStackTrace();
        for (int i = 0; i < Math.min(3, frames.length); i++) {
            text.append(i == 0 ? " at " : ", ").append(frames[i]);
        }
        return text.toString();
    }
}
