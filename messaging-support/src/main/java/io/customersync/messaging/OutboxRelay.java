package io.customersync.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka (channel-service's P-job, hq-service's sync events).
 * <ul>
 * <li>Wakes on the NOTIFY of each committing transaction; {@code idleWait} only bounds how long
 * it sleeps when nothing happens. Fast when idle, batched when busy ({@link BatchLinger}): rows that
 * come after the relay sat free for {@code quiet} are published at once; rows that come sooner (the
 * last batch had hardly ended) wait {@code linger} for more, unless {@code records} of them wait already.</li>
 * <li>Selects rows that are not sent yet, in id order, never "ids after the last one sent", so a
 * transaction that commits late is still published.</li>
 * <li>One relay per database publishes at a time (advisory lock), which keeps each key's events in
 * order; others stand by and take over if it dies.</li>
 * <li>A batch's rows are taken and marked sent in one statement of the relay's transaction, which
 * commits only after Kafka acknowledged them ({@code acks=all}, idempotent producer); if Kafka is down
 * it rolls back, they wait and the relay retries with back-off. A crash between the
 * acknowledgement and the commit publishes a row twice: consumers drop it by its event id. A row Kafka refuses
 * for good (too large) is set aside instead ({@link OutboxEvents#setAside}), and the rest of its batch commits.</li>
 * <li>A service may have work done before each batch is published ({@link BeforePublish}: the
 * P-job escrows data keys); while that fails, the batch waits like a batch Kafka did not take.</li>
 * <li>A heartbeat after each batch, each quiet wait and each retry: waiting for Kafka is not stuck.</li>
 * <li>Each batch and each failure goes to the job history under the relay's name ({@link JobHistory}
 * sums the batches); {@link #drainNow} asks the loop to publish everything unsent at once (run now).</li>
 * </ul>
 */
public final class OutboxRelay implements WorkerLoop {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** How often an idle relay looks whether it was stopped; wake-ups on new rows are immediate. */
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    public record Settings(String name, String notifyChannel, long leaderLockKey, int batchSize, Duration idleWait,
            Duration sendTimeout, Duration retryInitial, Duration retryMax, BatchLinger batching) {

        /** Publishes every batch the moment its rows commit. */
        public Settings(String name, String notifyChannel, long leaderLockKey, int batchSize, Duration idleWait,
                Duration sendTimeout, Duration retryInitial, Duration retryMax) {
            this(name, notifyChannel, leaderLockKey, batchSize, idleWait, sendTimeout, retryInitial, retryMax,
                    BatchLinger.NONE);
        }
    }

    private final DataSource dataSource;
    private final Producer<String, byte[]> producer;
    private final TopicProvisioner topics;
    private final List<String> topicNames;
    private final Settings settings;
    private final JobHistory history;
    private final BeforePublish beforePublish;
    private final AtomicReference<CompletableFuture<Integer>> drain = new AtomicReference<>();
    private volatile boolean running = true;
    private boolean topicsReady;

    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, TopicProvisioner topics,
            List<String> topicNames, Settings settings, JobHistory history) {
        this(dataSource, producer, topics, topicNames, settings, history, BeforePublish.NOTHING);
    }

    /** @param beforePublish done before each batch is published; while it fails, the batch waits */
    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, TopicProvisioner topics,
            List<String> topicNames, Settings settings, JobHistory history, BeforePublish beforePublish) {
        this.dataSource = dataSource;
        this.beforePublish = beforePublish;
        this.history = history;
        this.producer = producer;
        this.topics = topics;
        this.topicNames = List.copyOf(topicNames);
        this.settings = settings;
    }

    @Override
    public void run(Heartbeat heartbeat) {
        Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax());
        FailureStreak streak = new FailureStreak(LOG, settings.name(), "unsent rows wait");
        while (running) {
            try (PgNotificationListener listener = new PgNotificationListener(dataSource, settings.notifyChannel())) {
                boolean leader = false;
                long freeSince = System.nanoTime() - settings.batching().quiet().toNanos(); // the first rows: at once
                while (running) {
                    leader = leader || listener.tryAdvisoryLock(settings.leaderLockKey());
                    if (!leader) {
                        answerDrain(0); // the leader, another relay, publishes them
                        idle(listener);
                        heartbeat.beat();
                        continue;
                    }
                    ensureTopics();
                    gather(lingerBeforeBatch(Duration.ofNanos(System.nanoTime() - freeSince)));
                    CompletableFuture<Integer> asked = drain.getAndSet(null);
                    Instant started = Instant.now();
                    int published = asked == null ? publishBatch() : drainFor(asked);
                    if (asked == null) {
                        history.record(JobRun.single(settings.name(), "EVENT", null, started, Instant.now(),
                                published, 0, null));
                    }
                    backoff.reset();
                    streak.succeeded("publishing");
                    if (published > 0) { // else it was free all along
                        freeSince = System.nanoTime();
                    }
                    if (asked != null || published < settings.batchSize()) {
                        idle(listener);
                    }
                    heartbeat.beat();
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                history.record(JobRun.single(settings.name(), JobRun.CONTINUOUS, null, Instant.now(), Instant.now(),
                        0, 0, e));
                Duration delay = backoff.nextDelay();
                streak.failed("publishing", e, delay);
                if (!Backoff.sleep(delay)) {
                    return; // interrupted, not stopped: its worker restarts it
                }
                heartbeat.beat();
            }
        }
        LOG.infof("%s stopped", settings.name());
    }

    @Override
    public void stop() {
        running = false;
    }

    /**
     * Run now, for a continuous relay: asks its loop to publish every unsent row and waits at most
     * {@code timeout} for it; returns how many it published (0 if another relay is the leader).
     */
    public int drainNow(Duration timeout) throws Exception {
        CompletableFuture<Integer> asked = drain.updateAndGet(c -> c != null ? c : new CompletableFuture<>());
        try {
            return asked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void answerDrain(int published) {
        CompletableFuture<Integer> asked = drain.getAndSet(null);
        if (asked != null) {
            asked.complete(published);
        }
    }

    private int drainFor(CompletableFuture<Integer> asked) throws Exception {
        try {
            int total = publishUntilShort();
            asked.complete(total);
            return total;
        } catch (Exception e) {
            asked.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * How long to let more rows commit before the next batch: none when the relay sat free for
     * {@code quiet} (the rows found the pipeline idle), when enough rows wait already (a backlog), or
     * when none does (woken by rows the last batch took).
     */
    private Duration lingerBeforeBatch(Duration free) throws SQLException {
        BatchLinger batching = settings.batching();
        if (batching.gatherFor(free, 0).isZero()) {
            return Duration.ZERO;
        }
        int waiting;
        try (Connection connection = dataSource.getConnection()) {
            waiting = OutboxEvents.countUnsent(connection, batching.records());
        }
        return waiting == 0 ? Duration.ZERO : batching.gatherFor(free, waiting); // none: a NOTIFY of rows sent already
    }

    /** Lets more rows commit before the next batch is taken; ends early when stopped or asked to run now. */
    private void gather(Duration linger) {
        long deadline = System.nanoTime() + linger.toNanos();
        long left = linger.toNanos();
        while (left > 0 && running && drain.get() == null) {
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, STOP_CHECK.toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            left = deadline - System.nanoTime();
        }
    }

    /**
     * Sleeps until a transaction commits a row, ops ask for a run, {@code idleWait} passes, or the
     * relay is stopped; writes the history's summary of its batches when it is due.
     */
    private void idle(PgNotificationListener listener) throws SQLException {
        long deadline = System.nanoTime() + settings.idleWait().toNanos();
        while (running && drain.get() == null) {
            history.flushDue(settings.name(), Instant.now());
            long left = deadline - System.nanoTime();
            if (left <= 0 || !listener.await(Duration.ofNanos(Math.min(left, STOP_CHECK.toNanos()))).isEmpty()) {
                return;
            }
        }
    }

    /**
     * One run of a relay that is not continuous: publishes every unsent row, if it can take the
     * leader lock (else another relay publishes them); returns how many it published.
     */
    public int publishAll() throws Exception {
        try (PgNotificationListener lock = new PgNotificationListener(dataSource)) {
            if (!lock.tryAdvisoryLock(settings.leaderLockKey())) {
                return 0;
            }
            ensureTopics();
            return publishUntilShort();
        }
    }

    private int publishUntilShort() throws Exception {
        int total = 0;
        int published;
        do {
            published = publishBatch();
            total += published;
        } while (published == settings.batchSize() && running);
        return total;
    }

    private void ensureTopics() throws Exception {
        if (!topicsReady) {
            topics.ensure(topicNames);
            topicsReady = true;
        }
    }

    /** Publishes one batch of unsent rows; returns how many (those set aside included). */
    int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<OutboxRow> rows = OutboxEvents.takeUnsent(connection, settings.batchSize());
                if (!rows.isEmpty()) {
                    beforePublish.prepare();
                    List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
                    for (OutboxRow row : rows) {
                        acks.add(producer.send(row.toRecord()));
                    }
                    producer.flush();
                    List<OutboxRow> refused = new ArrayList<>();
                    for (int i = 0; i < acks.size(); i++) {
                        try {
                            acks.get(i).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                        } catch (ExecutionException e) {
                            if (!(e.getCause() instanceof RecordTooLargeException)) {
                                throw e;
                            }
                            refused.add(rows.get(i));
                        }
                    }
                    OutboxEvents.setAside(connection, refused, settings.name());
                }
                connection.commit();
                return rows.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
