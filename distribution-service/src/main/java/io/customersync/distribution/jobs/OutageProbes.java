package io.customersync.distribution.jobs;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Tries the databases of channels that were away ({@link ChannelTurns}) on threads of their own, never a delivery
 * worker's: a try of a store whose network drops packets, or whose database accepts a connection and never answers,
 * waits out the connect timeout. Tries beyond the threads wait their turn here, delaying only other away stores.
 */
final class OutageProbes {

    /** Tries at the same time. */
    static final int THREADS = 4;

    /** Asks a channel's database for a connection (and gives it back). */
    @FunctionalInterface
    interface Connect {
        void connect(String channelId) throws Exception;
    }

    /** How a try ended: how long it took, and its failure (null: the database answered). */
    @FunctionalInterface
    interface Answer {
        void tried(Duration took, Exception failure);
    }

    private final Connect connect;
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "1010-outage-probe");
        thread.setDaemon(true);
        return thread;
    });

    OutageProbes(Connect connect) {
        this.connect = connect;
        ((ThreadPoolExecutor) threads).prestartAllCoreThreads(); // a fixed number from the start, however many stores
    }

    void tryChannel(String channelId, Answer then) {
        try {
            threads.execute(() -> {
                long started = System.nanoTime();
                Exception failure = null;
                try {
                    connect.connect(channelId);
                } catch (Exception e) {
                    failure = e;
                }
                then.tried(Duration.ofNanos(System.nanoTime() - started), failure);
            });
        } catch (RejectedExecutionException e) {
            // stopping: the next start sweeps the queue
        }
    }

    void close() {
        threads.shutdownNow();
    }
}
