package io.customersync.hq.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.customersync.messaging.BackgroundWorker;

/**
 * Runs one HQ job the way its mode says: CONTINUOUS (the moment there is work, plus a sweep every
 * idle-wait), SCHEDULED (every interval) or ON_DEMAND (only when ops run it). Any mode can be run
 * now by ops. Remembers the last run, and hands every run that did something to a recorder.
 */
public final class JobRunner {

    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    public enum Mode {
        CONTINUOUS, SCHEDULED, ON_DEMAND
    }

    /** What one run did. */
    public record Result(int processed, int failed) {
    }

    public record Run(String job, String trigger, Instant startedAt, Instant finishedAt, int processed, int failed) {
    }

    @FunctionalInterface
    public interface Job {
        Result run();
    }

    private final String name;
    private final Mode mode;
    private final Duration pause;
    private final Job job;
    private final Consumer<Run> recorder;
    private final Semaphore wake = new Semaphore(0);
    private volatile boolean manual;
    private volatile boolean running = true;
    private volatile Run lastRun;
    private BackgroundWorker worker;

    /** @param pause CONTINUOUS: the sweep interval; SCHEDULED: the schedule; ignored ON_DEMAND */
    public JobRunner(String name, Mode mode, Duration pause, Job job, Consumer<Run> recorder) {
        this.name = name;
        this.mode = mode;
        this.pause = pause;
        this.job = job;
        this.recorder = recorder;
    }

    public String name() {
        return name;
    }

    public Mode mode() {
        return mode;
    }

    public Run lastRun() {
        return lastRun;
    }

    public void start() {
        worker = BackgroundWorker.start("job-" + name, this::loop, () -> {
            running = false;
            wake.release();
        });
    }

    public void stop(Duration grace) {
        worker.stop(grace);
    }

    /** There is new work: a continuous job runs at once; the others wait for their time. */
    public void workArrived() {
        if (mode == Mode.CONTINUOUS) {
            wake.release();
        }
    }

    /** Ops run the job now, whatever its mode. */
    public void runNow() {
        manual = true;
        wake.release();
    }

    private void loop() {
        while (running) {
            try {
                boolean woken = mode == Mode.ON_DEMAND ? acquire() : wake.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!running) {
                    return;
                }
                String trigger = manual ? "ON_DEMAND" : woken ? "EVENT" : mode == Mode.SCHEDULED ? "SCHEDULE" : "SWEEP";
                manual = false;
                runOnce(trigger);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("job %s failed (%s); it runs again at its next turn", name, e.toString());
            }
        }
    }

    private boolean acquire() throws InterruptedException {
        wake.acquire();
        return true;
    }

    private void runOnce(String trigger) {
        Instant started = Instant.now();
        Result result = job.run();
        Run run = new Run(name, trigger, started, Instant.now(), result.processed(), result.failed());
        lastRun = run;
        if (result.processed() + result.failed() > 0 || "ON_DEMAND".equals(trigger)) {
            recorder.accept(run);
        }
    }
}
