package io.customersync.channel.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.BatchLinger;
import io.customersync.messaging.PipelineConfig;
import io.customersync.messaging.WorkerLoop;
import io.customersync.messaging.Workers;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.customersync.messaging.FailureClassifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.customersync.channel.config.ChannelConfig;

/**
 * Group commit for async customers. A POST hands its customer over and waits; each writer takes
 * every customer waiting (up to {@code max-customers}) and saves them in one transaction, with one
 * statement per table and one commit. Alone, a customer is written at once; under load many POSTs
 * share a commit, so the channel database does a fraction of the work per customer. Fast when idle,
 * batched when busy ({@link BatchLinger}, decision 0015): a customer that comes after the writer sat
 * free for {@code quiet} is written at once; one that comes sooner waits up to {@code linger} for more
 * (a few milliseconds: the POST waits with it) unless {@code linger-records} wait already. A POST is
 * answered only after its own customer committed: a 201 is as durable as before.
 *
 * <p>If the database refuses a group for its data (a constraint, a value), each customer of it is
 * saved alone, so one bad customer fails only its own POST. Any other failure (database away) fails
 * the group's POSTs with the error each would have had alone.
 *
 * <p>Each writer is a supervised worker ({@code group-commit:<n>}): one that dies is restarted.
 */
@Singleton
public class AsyncCustomerGroupCommit {

    private static final Logger LOG = Logger.getLogger(AsyncCustomerGroupCommit.class);

    private record Pending(Customer customer, CompletableFuture<Customer> saved) {
    }

    /** Tells one writer to finish: what it took before this is written, then it ends. */
    private static final Pending STOP = new Pending(null, null);
    /** How long an idle writer waits before it beats its heartbeat again. */
    private static final long IDLE_BEAT_MS = 1000;

    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final CustomerRegistration registration;
    private final int writerCount;
    private final int maxCustomers;
    private final Duration wait;
    private final Duration stopGrace;
    private final BatchLinger batching;
    private final List<BackgroundWorker> writers = new ArrayList<>();
    private final Workers workers;
    private final Counter customersSaved;
    private final Counter commits;
    private volatile boolean stopping;

    @Inject
    public AsyncCustomerGroupCommit(CustomerRegistration registration, MeterRegistry metrics,
            ChannelConfig config, Workers workers) {
        this(registration, metrics, config.groupCommit().writers(), config.groupCommit().maxCustomers(),
                config.groupCommit().waitFor(), config.groupCommit().stopGrace(),
                PipelineConfig.batching(config.groupCommit()), workers);
    }

    AsyncCustomerGroupCommit(CustomerRegistration registration, MeterRegistry metrics, int writerCount,
            int maxCustomers, Duration wait, Duration stopGrace, BatchLinger batching, Workers workers) {
        this.batching = batching;
        this.registration = registration;
        this.workers = workers;
        this.writerCount = writerCount;
        this.maxCustomers = maxCustomers;
        this.wait = wait;
        this.stopGrace = stopGrace;
        Gauge.builder("customersync.group_commit.waiting", waiting, BlockingQueue::size)
                .description("async customers waiting for a writer").register(metrics);
        customersSaved = Counter.builder("customersync.group_commit.customers")
                .description("async customers saved by group commit").register(metrics);
        commits = Counter.builder("customersync.group_commit.commits")
                .description("group commits (customers / commits = customers per commit)").register(metrics);
    }

    /** Customers handed over and not yet taken by a writer. */
    public int waiting() {
        return waiting.size();
    }

    void start(@Observes StartupEvent event) {
        for (int i = 1; i <= writerCount; i++) {
            writers.add(workers.start("group-commit:" + i, () -> WorkerLoop.of(this::writeGroups, () -> waiting.add(STOP))));
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        writers.forEach(writer -> writer.stop(stopGrace));
    }

    /**
     * Saves the customer as ASYNC (numbering it) together with whatever else is waiting.
     *
     * @throws TryLaterException if no writer took it within {@code wait}: it was not saved
     */
    public Customer save(Customer customer) {
        Pending pending = new Pending(customer, new CompletableFuture<>());
        if (stopping) {
            throw notSaved("the channel-service is stopping", null);
        }
        waiting.add(pending);
        try {
            try {
                return pending.saved().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException slow) {
                if (waiting.remove(pending)) {
                    throw notSaved("the channel database did not take the customer within " + wait, slow);
                }
                return pending.saved().get(); // a writer has it: its transaction decides, within its own time-out
            }
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw notSaved("interrupted while the customer waited to be saved", interrupted);
        }
    }

    private static TryLaterException notSaved(String why, Throwable cause) {
        return new TryLaterException(why + "; nothing was saved, try again", cause);
    }

    private void writeGroups(WorkerLoop.Heartbeat heartbeat) throws InterruptedException {
        List<Pending> group = new ArrayList<>(maxCustomers);
        long freeSince = System.nanoTime();
        while (true) {
            Pending first = waiting.poll(IDLE_BEAT_MS, TimeUnit.MILLISECONDS);
            if (first == null) {
                heartbeat.beat();
                continue;
            }
            group.add(first);
            waiting.drainTo(group, maxCustomers - 1);
            Duration gather = batching.gatherFor(Duration.ofNanos(System.nanoTime() - freeSince), group.size());
            if (!gather.isZero()) {
                gather(group, gather);
            }
            int stops = (int) group.stream().filter(p -> p == STOP).count();
            group.removeIf(p -> p == STOP);
            if (!group.isEmpty()) {
                write(group);
                group.clear();
            }
            freeSince = System.nanoTime();
            if (stops > 0) {
                for (int more = 1; more < stops; more++) {
                    waiting.add(STOP); // meant for another writer
                }
                return;
            }
            heartbeat.beat();
        }
    }

    /**
     * Busy (the last group was written just now): waits up to {@code gather} for more customers, until
     * linger-records (at most max-customers) are there or a writer is told to stop.
     */
    private void gather(List<Pending> group, Duration gather) throws InterruptedException {
        long deadline = System.nanoTime() + gather.toNanos();
        int enough = Math.min(batching.records(), maxCustomers);
        while (group.size() < enough && !group.contains(STOP)) {
            long left = deadline - System.nanoTime();
            Pending next = left > 0 ? waiting.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            group.add(next);
            waiting.drainTo(group, maxCustomers - group.size());
        }
    }

    private void write(List<Pending> group) {
        try {
            registration.saveAsync(group.stream().map(Pending::customer).toList());
            commits.increment();
            customersSaved.increment(group.size());
            group.forEach(p -> p.saved().complete(p.customer()));
        } catch (RuntimeException failure) {
            if (group.size() > 1 && FailureClassifier.isPoison(failure)) {
                LOG.infof("the channel database refused a group of %d customers for its data; saving each alone",
                        group.size());
                group.forEach(p -> write(List.of(p)));
            } else {
                group.forEach(p -> p.saved().completeExceptionally(failure));
            }
        } catch (Error error) {
            group.forEach(p -> p.saved().completeExceptionally(error)); // no POST waits for it for ever
            if (error instanceof VirtualMachineError) {
                throw error;
            }
            LOG.errorf(error, "a group of %d customers could not be saved; the writer goes on", group.size());
        }
    }
}
