package io.customersync.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * Runs one job on a thread of its own, the way its {@link Mode} says:
 * <ul>
 * <li>CONTINUOUS: at start, the moment there is work ({@link #workArrived()}, e.g. from a
 * {@link NotificationLoop} on a PostgreSQL NOTIFY), and as a sweep every {@code pause} (or sooner
 * if the last run said when more work is due);</li>
 * <li>SCHEDULED: every {@code pause}, the first one interval after start; new work waits for it;</li>
 * <li>ON_DEMAND: only when {@link #runNow(String)} is called.</li>
 * </ul>
 * Any mode can be run now, by someone ({@link #runNow(String)}). A run that fails is retried after
 * the back-off (CONTINUOUS) or at the job's next turn. Every run, failed or not, goes to the
 * service's {@link JobHistory} (which sums the runs nobody asked for that did not fail). Runs on a supervised worker ({@code job:<name>}, see {@link Workers})
 * that beats its heartbeat after every run and every second while it waits; a job whose single run
 * may outlast {@code workers.stuck-after} calls {@link #progress()} between its steps.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** How often a waiting job beats its heartbeat. */
    private static final Duration WAIT_BEAT = Duration.ofSeconds(1);

    public enum Mode {
        CONTINUOUS, SCHEDULED, ON_DEMAND
    }

    /**
     * What one run did; {@code dueIn}, if not null, is when a continuous job has work due again
     * (sooner than its sweep).
     */
    public record Result(int processed, int failed, Duration dueIn) {
        public Result(int processed, int failed) {
            this(processed, failed, null);
        }
    }

    @FunctionalInterface
    public interface Job {
        Result run() throws Exception;
    }

    private final String name;
    private final Mode mode;
    private final Duration pause;
    private final Backoff backoff;
    private final Job job;
    private final JobHistory history;
    private final Semaphore wake = new Semaphore(0);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String requestedBy;
    private volatile WorkerLoop.Heartbeat heartbeat = () -> {
    };
    private BackgroundWorker worker;

    /**
     * @param pause   CONTINUOUS: the sweep interval; SCHEDULED: the schedule; ignored ON_DEMAND
     * @param backoff how long a failed continuous job waits before it runs again; null: until its next sweep
     * @param history where every run is recorded
     */
    public JobRunner(String name, Mode mode, Duration pause, Backoff backoff, Job job, JobHistory history) {
        if (mode != Mode.ON_DEMAND && (pause == null || pause.isNegative() || pause.isZero())) {
            throw new IllegalArgumentException("job " + name + " (" + mode + ") needs a positive interval, not " + pause);
        }
        this.name = name;
        this.mode = mode;
        this.pause = pause;
        this.backoff = backoff;
        this.job = job;
        this.history = history;
    }

    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    /** Starts the job on a worker that takes the service's readiness down while it is down. */
    public void start(Workers workers) {
        start(workers, Workers.Scope.SERVICE);
    }

    public synchronized void start(Workers workers, Workers.Scope scope) {
        worker = workers.start("job:" + name, scope, () -> WorkerLoop.of(this::loop, () -> {
            stopped.countDown();
            wake.release();
        }));
    }

    /** Called by a long run between its steps, on the job's thread: the job is not stuck. */
    public void progress() {
        heartbeat.beat();
    }

    /** Stops the job, then writes its open summary of runs to the history. */
    public synchronized void stop(Duration grace) {
        if (worker != null) {
            worker.stop(grace);
            worker = null;
            history.flush(name);
        }
    }

    /** There is new work: a continuous job runs at once; the others wait for their time. */
    public void workArrived() {
        if (mode == Mode.CONTINUOUS) {
            wake.release();
        }
    }

    /**
     * For a CONTINUOUS job: does {@code work}, a part of the job's work that just arrived, on the caller's
     * thread instead of waking the job's own (on an idle pipeline the hand-off is a good part of the wait),
     * and records it like a run the work woke ("EVENT"). The work must be safe beside a run of the job
     * (e.g. rows locked with skip locked). Returns the run's result, or empty, doing nothing, if the job is
     * not continuous: its schedule decides when work is done. A failure is recorded and thrown; the job's
     * next run or sweep does what it left.
     */
    public Optional<Result> runHere(Job work) throws Exception {
        if (mode != Mode.CONTINUOUS) {
            return Optional.empty();
        }
        Instant started = Instant.now();
        try {
            Result result = Objects.requireNonNullElse(work.run(), new Result(0, 0));
            record(JobRun.single(name, "EVENT", null, started, Instant.now(), result.processed(), result.failed(), null));
            return Optional.of(result);
        } catch (Exception e) {
            record(JobRun.single(name, "EVENT", null, started, Instant.now(), 0, 0, e));
            throw e;
        }
    }

    /** Runs the job now, whatever its mode; the run is recorded as ON_DEMAND, asked for by {@code who}. */
    public void runNow(String who) {
        requestedBy = who == null || who.isBlank() ? "unknown" : who;
        wake.release();
    }

    /** One run of the worker: ends when stopped; an interrupt or an Error ends it too (the worker restarts it). */
    private void loop(WorkerLoop.Heartbeat beat) throws InterruptedException {
        heartbeat = beat;
        Duration wait = mode == Mode.CONTINUOUS ? Duration.ZERO : null;
        boolean started = false;
        while (stopped.getCount() > 0) {
            String trigger = wait != null && wait.isZero() ? (started ? "RETRY" : "START") : await(wait);
            started = true;
            if (stopped.getCount() == 0) {
                return;
            }
            wait = runOnce(trigger);
            beat.beat();
        }
    }

    /** Waits for the next run; {@code wait} null: the mode's own wait. Returns what triggered it. */
    private String await(Duration wait) throws InterruptedException {
        boolean woken = awaitWake(mode == Mode.ON_DEMAND && wait == null ? null : wait == null ? pause : wait);
        wake.drainPermits();
        return requestedBy != null ? JobRun.ON_DEMAND : woken ? "EVENT" : mode == Mode.SCHEDULED ? JobRun.SCHEDULE : "SWEEP";
    }

    /** Runs the job once and records it; returns how long to wait before the next run (null: the mode's own wait). */
    private Duration runOnce(String turn) throws InterruptedException {
        String who = requestedBy; // a request is served by this run, whatever else triggered it
        requestedBy = null;
        String trigger = who != null ? JobRun.ON_DEMAND : turn;
        Instant started = Instant.now();
        Result result;
        try {
            result = Objects.requireNonNullElse(job.run(), new Result(0, 0));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            record(JobRun.single(name, trigger, who, started, Instant.now(), 0, 0, e));
            if (mode != Mode.CONTINUOUS || backoff == null) {
                LOG.warnf("job %s failed (%s); it runs again at its next turn", name, e.toString());
                return null;
            }
            Duration delay = backoff.nextDelay();
            LOG.warnf("job %s failed (%s); it runs again in %d ms", name, e.toString(), delay.toMillis());
            return stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS) ? null : Duration.ZERO;
        }
        if (backoff != null) {
            backoff.reset();
        }
        record(JobRun.single(name, trigger, who, started, Instant.now(), result.processed(), result.failed(), null));
        return mode == Mode.CONTINUOUS && result.dueIn() != null && result.dueIn().compareTo(pause) < 0
                ? max(result.dueIn(), Duration.ofMillis(1)) : null;
    }

    /** Records a run (null: only writes the job's summary of runs if it is due); never fails the job. */
    private void record(JobRun run) {
        try {
            if (run == null) {
                history.flushDue(name, Instant.now());
            } else {
                history.record(run);
            }
        } catch (RuntimeException e) {
            LOG.warnf("job %s: its run was not recorded (%s)", name, e.toString());
        }
    }

    /** Waits for a wake-up at most {@code timeout} (null: for ever), beating the heartbeat every second. */
    private boolean awaitWake(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = timeout == null ? WAIT_BEAT.toNanos() : deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            if (wake.tryAcquire(Math.min(left, WAIT_BEAT.toNanos()), TimeUnit.NANOSECONDS)) {
                return true;
            }
            heartbeat.beat();
            record(null);
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
