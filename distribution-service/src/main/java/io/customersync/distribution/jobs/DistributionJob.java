package io.customersync.distribution.jobs;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.customersync.distribution.config.DistributionConfig;
import io.customersync.distribution.domain.ChannelRegistry;
import io.customersync.distribution.domain.DeliveryTarget;
import io.customersync.distribution.domain.DeliveryQueue;
import io.customersync.distribution.messaging.CustomerSyncConsumer;
import io.customersync.distribution.metrics.DistributionMetrics;
import io.customersync.messaging.Backoff;
import io.customersync.messaging.BackgroundWorker;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.messaging.JobRunner;
import io.customersync.messaging.NotificationLoop;
import io.customersync.messaging.WorkerLoop;
import io.customersync.messaging.Workers;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The 1010 job: a fixed pool of delivery workers ({@code distribution.delivery.workers}, supervised
 * as {@code job:1010-worker-<n>}) serves every channel this deployment owns, one batch per turn (and
 * the erasures of the channels it retired, {@link ChannelRegistry#servedChannelIds}),
 * in the fair line of {@link ChannelTurns}. Continuous (default): a channel is queued the moment the
 * consumer queues work for it (PostgreSQL NOTIFY), and a sweep every idle-wait queues the channels
 * with due work; scheduled: every interval; on demand: when ops run it. Threads do not grow with
 * the number of channels: the workers, one timer and the NOTIFY listener.
 */
@Singleton
public class DistributionJob {

    private static final Logger LOG = Logger.getLogger(DistributionJob.class);
    private static final Duration TAKE_WAIT = Duration.ofSeconds(1);
    static final String JOB_PREFIX = "1010-";

    private final DataSource queue;
    private final ChannelRegistry registry;
    private final DistributionConfig.Delivery settings;
    private final DistributionConfig.Job job;
    private final DistributionMetrics metrics;
    private final Workers workers;
    private final JobHistory history;
    private final ScheduledExecutorService timer;
    private final ChannelTurns turns;
    private final OutageProbes probes;
    private final List<BackgroundWorker> deliveryWorkers = new ArrayList<>();
    private BackgroundWorker dispatcher;

    public DistributionJob(DataSource queue, ChannelRegistry registry, DistributionConfig config,
            DistributionMetrics metrics, Workers workers, JobHistory history) {
        this.history = history;
        this.metrics = metrics;
        this.workers = workers;
        this.queue = queue;
        this.registry = registry;
        this.settings = config.delivery();
        this.job = config.job();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "1010-timer");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timer = executor;
        this.probes = new OutageProbes(this::connect);
        this.turns = new ChannelTurns(timer, probes, settings.retryInitial(), settings.retryMax(), settings.idleWait());
        metrics.bindDeliveryWorkers(turns::running, turns::waiting, turns::timed);
    }

    public JobRunner.Mode mode() {
        return job.mode();
    }

    /** Runs the 1010 job now for every channel, asked for by {@code who}. */
    public void runNow(String who) {
        turns.channelIds().forEach(id -> turns.ready(id, JobRun.ON_DEMAND, who(who)));
    }

    /** Runs one channel's delivery now, e.g. after ops released its parked deliveries. */
    public void runNow(String channelId, String who) {
        turns.ready(channelId, JobRun.ON_DEMAND, who(who));
    }

    /** The job names, one per channel this deployment delivers to ({@code 1010-<channel>}), as the job history has them. */
    public List<String> jobNames() {
        return turns.channelIds().stream().sorted().map(id -> JOB_PREFIX + id).toList();
    }

    void start(@Observes StartupEvent event) {
        turns.retain(registry.servedChannelIds());
        registry.onChange(owned -> channelsChanged(registry.servedChannelIds())); // and the retired ones' erasures
        for (int i = 1; i <= settings.workers(); i++) {
            deliveryWorkers.add(workers.start("job:1010-worker-" + i, () -> {
                CountDownLatch stop = new CountDownLatch(1);
                return WorkerLoop.of(beat -> serve(beat, stop), stop::countDown);
            }));
        }
        switch (job.mode()) {
            case CONTINUOUS -> {
                // the sweep: at start, every idle-wait and after a reconnect of the listener
                timer.scheduleWithFixedDelay(this::sweep, 0, settings.idleWait().toMillis(), TimeUnit.MILLISECONDS);
                Backoff backoff = new Backoff(settings.retryInitial(), settings.retryMax());
                dispatcher = workers.start("notify:1010-dispatcher", () -> new NotificationLoop("1010 dispatcher", queue,
                        CustomerSyncConsumer.NOTIFY_CHANNEL, settings.idleWait(), backoff,
                        () -> timer.execute(this::sweep), id -> turns.ready(id, "EVENT", null)));
            }
            case SCHEDULED -> timer.scheduleAtFixedRate(
                    () -> turns.channelIds().forEach(id -> turns.ready(id, JobRun.SCHEDULE, null)),
                    job.interval().toMillis(), job.interval().toMillis(), TimeUnit.MILLISECONDS);
            default -> {
            }
        }
        timer.scheduleWithFixedDelay(this::flushHistory, 1, 1, TimeUnit.SECONDS);
        LOG.infof("1010 job (%s): %d delivery workers for channels %s", job.mode(), settings.workers(),
                registry.channelIds());
    }

    void stop(@Observes ShutdownEvent event) {
        if (dispatcher != null) {
            dispatcher.stop(settings.stopGrace());
        }
        deliveryWorkers.forEach(worker -> worker.stop(settings.stopGrace()));
        timer.shutdownNow();
        probes.close();
        turns.channelIds().forEach(id -> history.flush(JOB_PREFIX + id));
    }

    /** One delivery worker: takes a channel's turn, delivers one batch, gives the turn back. */
    private void serve(WorkerLoop.Heartbeat beat, CountDownLatch stop) throws InterruptedException {
        while (stop.getCount() > 0) {
            ChannelTurns.Turn turn = turns.take(TAKE_WAIT);
            if (turn != null) {
                deliverOne(turn);
            }
            beat.beat();
        }
    }

    private void deliverOne(ChannelTurns.Turn turn) {
        String channelId = turn.channelId();
        String trigger = turn.requestedBy() != null ? JobRun.ON_DEMAND : turn.trigger() == null ? "SWEEP" : turn.trigger();
        Instant started = Instant.now();
        Duration next;
        String nextTrigger = job.mode() == JobRunner.Mode.CONTINUOUS ? "SWEEP" : trigger;
        boolean outage = false;
        try {
            Optional<DeliveryTarget> target = registry.deliveryTarget(channelId);
            if (target.isEmpty()) {
                turns.done(channelId, null, null, false);
                return;
            }
            ChannelDelivery delivery = new ChannelDelivery(channelId, queue, target.get().database(), settings, metrics,
                    target.get().erasuresOnly());
            ChannelDelivery.Pass pass = delivery.deliverDue();
            turn.backoff().reset();
            turn.streak().succeeded("delivering");
            record(JobRun.single(JOB_PREFIX + channelId, trigger, turn.requestedBy(), started, Instant.now(),
                    pass.delivered(), pass.failed(), null));
            next = pass.more() ? Duration.ZERO : job.mode() != JobRunner.Mode.CONTINUOUS ? null
                    : pass.nextDueIn().filter(due -> due.compareTo(settings.idleWait()) < 0).orElse(null);
        } catch (ChannelDelivery.ChannelUnavailableException e) {
            record(JobRun.single(JOB_PREFIX + channelId, trigger, turn.requestedBy(), started, Instant.now(), 0, e.rows(), e));
            next = job.mode() == JobRunner.Mode.CONTINUOUS
                    ? turns.outageRetry(turn.backoff(), Duration.between(started, Instant.now())) : null;
            nextTrigger = "RETRY";
            outage = true;
            turn.streak().failed("delivering", e, next == null ? Duration.ZERO : next);
        } catch (Exception e) {
            record(JobRun.single(JOB_PREFIX + channelId, trigger, turn.requestedBy(), started, Instant.now(), 0, 0, e));
            next = job.mode() == JobRunner.Mode.CONTINUOUS ? turn.backoff().nextDelay() : null;
            nextTrigger = "RETRY";
            turn.streak().failed("delivering", e, next == null ? Duration.ZERO : next);
        }
        turns.done(channelId, next, nextTrigger, outage);
    }

    /** Asks a channel's database for a connection ({@link OutageProbes}): what the channel's next turn needs first. */
    private void connect(String channelId) throws SQLException {
        DeliveryTarget target = registry.deliveryTarget(channelId)
                .orElseThrow(() -> new SQLException("channel " + channelId + " is no longer delivered to", "08003"));
        target.database().getConnection().close();
    }

    /** Queues every owned channel with deliveries due now (one query, whatever the number of channels). */
    private void sweep() {
        try (Connection db = queue.getConnection()) {
            DeliveryQueue.channelsWithDueWork(db).stream()
                    .filter(due -> due.erasureDue() || registry.owns(due.channelId())) // a retired channel: erasures
                    .forEach(due -> turns.ready(due.channelId(), "SWEEP", null));
        } catch (Exception e) {
            LOG.warnf("1010 job: sweep of the delivery queue failed (%s); the next one retries", e.toString());
        }
    }

    private void channelsChanged(Set<String> served) {
        Set<String> before = turns.channelIds();
        turns.retain(served);
        before.stream().filter(id -> !served.contains(id)).forEach(id -> history.flush(JOB_PREFIX + id));
        if (job.mode() == JobRunner.Mode.CONTINUOUS) {
            served.stream().filter(id -> !before.contains(id)).forEach(id -> turns.ready(id, "START", null));
        }
    }

    private void flushHistory() {
        Instant now = Instant.now();
        for (String id : turns.channelIds()) {
            try {
                history.flushDue(JOB_PREFIX + id, now);
            } catch (RuntimeException e) {
                LOG.debugf("job history not written (%s)", e.toString());
            }
        }
    }

    private void record(JobRun run) {
        try {
            history.record(run);
        } catch (RuntimeException e) {
            LOG.warnf("job %s: its run was not recorded (%s)", run.job(), e.toString());
        }
    }

    private static String who(String who) {
        return who == null || who.isBlank() ? "unknown" : who;
    }
}
