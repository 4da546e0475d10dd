package io.customersync.bench;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** Samples a process's threads and RSS and a connection count twice a second, keeping the peaks. */
final class Sampler {

    private final long pid;
    private final IntSupplier connections;
    private final AtomicInteger peakThreads = new AtomicInteger();
    private final AtomicLong peakRssKb = new AtomicLong();
    private final AtomicInteger peakConnections = new AtomicInteger();
    private volatile boolean running;
    private Thread thread;

    Sampler(long pid, IntSupplier connections) {
        this.pid = pid;
        this.connections = connections;
    }

    void start() {
        running = true;
        thread = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "estate-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join();
        sample();
    }

    private void sample() {
        peakThreads.accumulateAndGet(Jvm.threads(pid), Math::max);
        peakRssKb.accumulateAndGet(ProcessStats.of(pid).rssKb(), Math::max);
        peakConnections.accumulateAndGet(connections.getAsInt(), Math::max);
    }

    int peakThreads() {
        return peakThreads.get();
    }

    long peakRssKb() {
        return peakRssKb.get();
    }

    int peakConnections() {
        return peakConnections.get();
    }
}
