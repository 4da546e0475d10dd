package io.customersync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * A service's outbox relay with its own idempotent producer (its metrics at /q/metrics,
 * {@code kafka_producer_*}), on a supervised worker of its own, a job like the others: its runs go
 * to the {@link JobHistory} under its name, and {@link #runNow(String)} runs it through its
 * {@link JobRunner} ({@code job:<name>}) in every mode. CONTINUOUS (the default): the relay's own
 * loop ({@code relay:<name>}), woken by the NOTIFY of each committing transaction while it holds the
 * leader lock (the hot path keeps its lock, decision 0009); its runner is ON_DEMAND and a run asks
 * that loop to publish everything unsent. SCHEDULED or ON_DEMAND: the runner publishes everything
 * unsent every interval or when asked, taking the leader lock for the run.
 */
public final class OutboxRelayRunner {


    private final DataSource dataSource;
    private final Map<String, Object> kafka;
    private final PipelineConfig.Topics topicSettings;
    private final PipelineConfig.Relay settings;
    private final String name;
    private final String notifyChannel;
    private final long leaderLockKey;
    private final List<String> topics;
    private final JobRunner.Mode mode;
    private final Duration interval;
    private final Workers workers;
    private final JobHistory history;
    private BeforePublish beforePublish = BeforePublish.NOTHING;
    private volatile OutboxRelay relay;
    private KafkaProducer<String, byte[]> producer;
    private KafkaClientMetrics producerMeters;
    private BackgroundWorker worker;
    private JobRunner job;

    /** A continuous relay. @param topics the topics this outbox publishes to, created if missing */
    public OutboxRelayRunner(DataSource dataSource, Map<String, Object> kafka, PipelineConfig.Topics topicSettings,
            PipelineConfig.Relay settings, String name, String notifyChannel, long leaderLockKey, List<String> topics,
            Workers workers, JobHistory history) {
        this(dataSource, kafka, topicSettings, settings, name, notifyChannel, leaderLockKey, topics,
                JobRunner.Mode.CONTINUOUS, null, workers, history);
    }

    /** @param interval the schedule of a SCHEDULED relay; ignored otherwise */
    public OutboxRelayRunner(DataSource dataSource, Map<String, Object> kafka, PipelineConfig.Topics topicSettings,
            PipelineConfig.Relay settings, String name, String notifyChannel, long leaderLockKey, List<String> topics,
            JobRunner.Mode mode, Duration interval, Workers workers, JobHistory history) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.topicSettings = topicSettings;
        this.settings = settings;
        this.name = name;
        this.notifyChannel = notifyChannel;
        this.leaderLockKey = leaderLockKey;
        this.topics = List.copyOf(topics);
        this.mode = mode;
        this.interval = interval;
        this.workers = workers;
        this.history = history;
    }

    /** Work to do before each batch is published (set before {@link #start()}); while it fails, the batch waits. */
    public void beforePublish(BeforePublish work) {
        this.beforePublish = work;
    }

    public JobRunner.Mode mode() {
        return mode;
    }

    public synchronized void start() {
        producer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name));
        producerMeters = new KafkaClientMetrics(producer);
        producerMeters.bindTo(workers.meters());
        if (mode == JobRunner.Mode.CONTINUOUS) {
            worker = workers.start("relay:" + name, this::newRelay);
            Duration wait = settings.sendTimeout().plus(settings.idleWait());
            job = new JobRunner(name, JobRunner.Mode.ON_DEMAND, null, null,
                    () -> new JobRunner.Result(relay.drainNow(wait), 0), history);
        } else {
            OutboxRelay scheduled = newRelay();
            job = new JobRunner(name, mode, interval, null, () -> new JobRunner.Result(scheduled.publishAll(), 0),
                    history);
        }
        job.start(workers);
    }

    private OutboxRelay newRelay() {
        relay = new OutboxRelay(dataSource, producer, PipelineConfig.topics(topicSettings, kafka), topics,
                PipelineConfig.relay(settings, name, notifyChannel, leaderLockKey), history, beforePublish);
        return relay;
    }

    /** Publishes everything unsent now, whatever the mode; the run is recorded as asked for by {@code who}. */
    public void runNow(String who) {
        if (job != null) {
            job.runNow(who);
        }
    }

    public String name() {
        return name;
    }

    public synchronized void stop() {
        Duration grace = settings.stopGrace();
        if (worker != null) {
            worker.stop(grace);
            worker = null;
            history.flush(name);
        }
        if (job != null) {
            job.stop(grace);
            job = null;
        }
        if (producer != null) {
            producer.close(grace);
            producerMeters.close();
            producer = null;
        }
    }
}
