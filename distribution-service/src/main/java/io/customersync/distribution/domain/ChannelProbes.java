package io.customersync.distribution.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * Reads of many channel databases at once for ops (the pipeline page and its charts) on a fixed
 * number of threads, however many channels there are: each batch of reads shares one deadline, and
 * a read not started by then is skipped rather than queued behind a page that is gone.
 */
@Singleton
public class ChannelProbes {

    /** Threads reading channel databases for ops at the same time. */
    public static final int THREADS = 8;

    /** One channel's read: its value, or why there is none ({@code late}: not read within the deadline). */
    public record Outcome<T>(T value, String error, boolean late) {
        public boolean answered() {
            return error == null;
        }
    }

    /** A read of one channel's database. */
    @FunctionalInterface
    public interface Read<T> {
        T of(String channelId) throws Exception;
    }

    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, task -> {
        Thread thread = new Thread(task, "channel-probe");
        thread.setDaemon(true);
        return thread;
    });

    /** Reads every channel, in their order, each within {@code within} of now. */
    public <T> List<Outcome<T>> readAll(List<String> channelIds, Read<T> read, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        String late = "no answer within " + within.toMillis() + " ms";
        List<Future<T>> reads = new ArrayList<>(channelIds.size());
        for (String channelId : channelIds) {
            reads.add(threads.submit(() -> {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(late);
                }
                return read.of(channelId);
            }));
        }
        List<Outcome<T>> outcomes = new ArrayList<>(reads.size());
        for (Future<T> pending : reads) {
            try {
                outcomes.add(new Outcome<>(pending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), null, false));
            } catch (TimeoutException e) {
                pending.cancel(true);
                outcomes.add(new Outcome<>(null, late, true));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                boolean timedOut = cause instanceof TimeoutException;
                outcomes.add(new Outcome<>(null, timedOut ? late : String.valueOf(cause.getMessage()), timedOut));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcomes.add(new Outcome<>(null, "interrupted", false));
            }
        }
        return outcomes;
    }

    /** Runs another ops read (HQ's view for the page) on the same threads. */
    public <T> Future<T> submit(Callable<T> task) {
        return threads.submit(task);
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }
}
