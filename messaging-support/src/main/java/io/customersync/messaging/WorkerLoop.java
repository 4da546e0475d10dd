package io.customersync.messaging;

/**
 * One run of a long-running worker (a consumer, a relay, a NOTIFY listener, a job runner), supervised
 * by {@link Workers}: {@link #run} goes on until {@link #stop} is called. If it throws, or ends without
 * being stopped, the worker starts a new one after a back-off.
 */
public interface WorkerLoop {

    /**
     * Runs until {@link #stop()}; calls {@code heartbeat.beat()} after each turn it completes, idle
     * turns (an empty poll, a quiet wait) and turns that retried a passing failure included, so that a
     * worker that stops turning shows as stuck. A turn must not last longer than {@code workers.stuck-after}.
     */
    void run(Heartbeat heartbeat) throws Exception;

    /** Asks {@link #run} to end soon; called from another thread, possibly before run starts. */
    void stop();

    /** A worker's proof of life: one beat per completed turn, on the worker's own thread. */
    @FunctionalInterface
    interface Heartbeat {
        void beat();
    }

    /** What a loop does in {@link WorkerLoop#run}. */
    @FunctionalInterface
    interface Body {
        void run(Heartbeat heartbeat) throws Exception;
    }

    static WorkerLoop of(Body body, Runnable stop) {
        return new WorkerLoop() {
            @Override
            public void run(Heartbeat heartbeat) throws Exception {
                body.run(heartbeat);
            }

            @Override
            public void stop() {
                stop.run();
            }
        };
    }
}
