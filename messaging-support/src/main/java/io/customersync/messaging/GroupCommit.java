package io.customersync.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;

/**
 * Group commit: a request hands its item over and waits; each writer takes every item waiting (up
 * to {@code maxItems}) and writes them in one transaction, with one commit. Alone, an item is written
 * at once; under load many requests share a commit, so the database does a fraction of the work per
 * item. Fast when idle, batched when busy ({@link BatchLinger}, decision 0015): an item that comes
 * after the writer sat free for {@code quiet} is written at once; one that comes sooner waits up to
 * {@code linger} for more unless {@code linger-records} wait already. A request is answered only
 * after its own item committed.
 *
 * <p>If a group fails for something one of its items may cause ({@code aloneAfter}: a constraint, a
 * value, a business rule), each item of it is written alone, so one bad item fails only its own
 * request. Any other failure (database away) fails the group's requests with the error each would
 * have had alone. Each writer is a supervised worker ({@code <name>:<n>}): one that dies is restarted.
 *
 * @param <T> what a request hands over
 * @param <R> what it gets back once its group committed
 */
public final class GroupCommit<T, R> {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    /** How long an idle writer waits before it beats its heartbeat again. */
    private static final long IDLE_BEAT_MS = 1000;

    /** Writes one group in one transaction; one result per item, in the group's order. */
    @FunctionalInterface
    public interface Write<T, R> {
        List<R> write(List<T> group);
    }

    /**
     * @param name       the writers' name ({@code <name>:1}, ...) and their meters' ({@code customersync.<name>.*},
     *                   dashes as underscores)
     * @param items      what the items are, for the meters' descriptions ("async customers")
     * @param waitFor    how long an item may wait for a writer; then the request fails and nothing is written
     */
    public record Settings(String name, String items, int writers, int maxItems, Duration waitFor, Duration stopGrace,
            BatchLinger batching) {
    }

    private record Pending<T, R>(T item, CompletableFuture<R> written) {
    }

    private final Pending<T, R> stopOne = new Pending<>(null, null);
    private final BlockingQueue<Pending<T, R>> waiting = new LinkedBlockingQueue<>();
    private final Settings settings;
    private final Write<T, R> write;
    private final Predicate<RuntimeException> aloneAfter;
    private final BiFunction<String, Throwable, RuntimeException> notWritten;
    private final Workers workers;
    private final List<BackgroundWorker> writers = new ArrayList<>();
    private final Counter itemsWritten;
    private final Counter commits;
    private volatile boolean stopping;

    /**
     * @param aloneAfter  a group's failure after which each of its items is written alone
     * @param notWritten  the failure of a request whose item no writer took (stopping, or not within {@code waitFor})
     */
    public GroupCommit(Settings settings, Write<T, R> write, Predicate<RuntimeException> aloneAfter,
            BiFunction<String, Throwable, RuntimeException> notWritten, Workers workers) {
        this.settings = settings;
        this.write = write;
        this.aloneAfter = aloneAfter;
        this.notWritten = notWritten;
        this.workers = workers;
        String meters = "customersync." + settings.name().replace('-', '_');
        Gauge.builder(meters + ".waiting", waiting, BlockingQueue::size)
                .description(settings.items() + " waiting for a writer").register(workers.meters());
        itemsWritten = Counter.builder(meters + ".customers")
                .description(settings.items() + " written by group commit").register(workers.meters());
        commits = Counter.builder(meters + ".commits")
                .description("group commits (customers / commits = customers per commit)").register(workers.meters());
    }

    /** Items handed over and not yet taken by a writer. */
    public int waiting() {
        return waiting.size();
    }

    public synchronized void start() {
        stopping = false;
        for (int i = 1; i <= settings.writers(); i++) {
            writers.add(workers.start(settings.name() + ":" + i,
                    () -> WorkerLoop.of(this::writeGroups, () -> waiting.add(stopOne))));
        }
    }

    public synchronized void stop() {
        stopping = true;
        writers.forEach(writer -> writer.stop(settings.stopGrace()));
        writers.clear();
    }

    /** Writes the item together with whatever else is waiting; returns once its group committed. */
    public R write(T item) {
        CompletableFuture<R> written = submit(item);
        try {
            try {
                return written.get(settings.waitFor().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                withdraw(written);
                return written.get(); // withdrawn (failed), or a writer has it: its transaction decides, within its own time-out
            }
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            withdraw(written);
            throw notWritten.apply("interrupted while it waited to be written", interrupted);
        }
    }

    /**
     * Hands the item over without waiting: the future completes once its group committed (or fails with the
     * group's failure). The caller bounds the wait for a writer: {@link #withdraw} once {@code waitFor} passed.
     */
    public CompletableFuture<R> submit(T item) {
        if (stopping) {
            return CompletableFuture.failedFuture(notWritten.apply("the service is stopping", null));
        }
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        waiting.add(pending);
        return pending.written();
    }

    /**
     * Takes a submitted item back if no writer has taken it yet, failing its future (nothing written): true then.
     * An item a writer holds stays with it: its transaction decides.
     */
    public boolean withdraw(CompletableFuture<R> submitted) {
        if (!waiting.removeIf(pending -> pending.written() == submitted)) {
            return false;
        }
        submitted.completeExceptionally(notWritten.apply("no writer took it within " + settings.waitFor(), null));
        return true;
    }

    /** How long an item may wait for a writer ({@link #withdraw} it then). */
    public Duration waitFor() {
        return settings.waitFor();
    }

    private void writeGroups(WorkerLoop.Heartbeat heartbeat) throws InterruptedException {
        List<Pending<T, R>> group = new ArrayList<>(settings.maxItems());
        long freeSince = System.nanoTime();
        while (true) {
            Pending<T, R> first = waiting.poll(IDLE_BEAT_MS, TimeUnit.MILLISECONDS);
            if (first == null) {
                heartbeat.beat();
                continue;
            }
            group.add(first);
            waiting.drainTo(group, settings.maxItems() - 1);
            Duration gather = settings.batching().gatherFor(Duration.ofNanos(System.nanoTime() - freeSince), group.size());
            if (!gather.isZero()) {
                gather(group, gather);
            }
            int stops = (int) group.stream().filter(p -> p == stopOne).count();
            group.removeIf(p -> p == stopOne);
            if (!group.isEmpty()) {
                write(group);
                group.clear();
            }
            freeSince = System.nanoTime();
            if (stops > 0) {
                for (int more = 1; more < stops; more++) {
                    waiting.add(stopOne); // meant for another writer
                }
                return;
            }
            heartbeat.beat();
        }
    }

    /**
     * Busy (the last group was written just now): waits up to {@code gather} for more items, until
     * linger-records (at most max-items) are there or a writer is told to stop.
     */
    private void gather(List<Pending<T, R>> group, Duration gather) throws InterruptedException {
        long deadline = System.nanoTime() + gather.toNanos();
        int enough = Math.min(settings.batching().records(), settings.maxItems());
        while (group.size() < enough && !group.contains(stopOne)) {
            long left = deadline - System.nanoTime();
            Pending<T, R> next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            group.add(next);
            waiting.drainTo(group, settings.maxItems() - group.size());
        }
    }

    private void write(List<Pending<T, R>> group) {
        try {
            List<R> results = write.write(group.stream().map(Pending::item).toList());
            commits.increment();
            itemsWritten.increment(group.size());
            for (int i = 0; i < group.size(); i++) {
                group.get(i).written().complete(results.get(i));
            }
        } catch (RuntimeException failure) {
            if (group.size() > 1 && aloneAfter.test(failure)) {
                LOG.infof("%s: a group of %d failed for its data (%s); writing each alone", settings.name(), group.size(),
                        failure.getClass().getSimpleName());
                group.forEach(p -> write(List.of(p)));
            } else {
                group.forEach(p -> p.written().completeExceptionally(failure));
            }
        } catch (Error error) {
            group.forEach(p -> p.written().completeExceptionally(error)); // no request waits for it for ever
            if (error instanceof VirtualMachineError) {
                throw error;
            }
            LOG.errorf(error, "%s: a group of %d could not be written; the writer goes on", settings.name(), group.size());
        }
    }
}
