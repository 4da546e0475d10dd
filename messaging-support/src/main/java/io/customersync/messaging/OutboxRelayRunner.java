package io.customersync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * A service's outbox relay with its own idempotent producer (its metrics at /q/metrics,
 * {@code kafka_producer_*}), on a supervised worker of its own. CONTINUOUS (the default): the
 * relay's own loop ({@code relay:<name>}), woken by the NOTIFY of each committing transaction while
 * it holds the leader lock; SCHEDULED or ON_DEMAND: a {@link JobRunner} ({@code job:<name>})
 * publishes everything unsent every interval or when {@link #runNow()} is called.
 */
public final class OutboxRelayRunner {

    private static final Logger LOG = Logger.getLogger(OutboxRelayRunner.class);

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
    private KafkaProducer<String, byte[]> producer;
    private KafkaClientMetrics producerMeters;
    private BackgroundWorker worker;
    private JobRunner job;

    /** A continuous relay. @param topics the topics this outbox publishes to, created if missing */
    public OutboxRelayRunner(DataSource dataSource, Map<String, Object> kafka, PipelineConfig.Topics topicSettings,
            PipelineConfig.Relay settings, String name, String notifyChannel, long leaderLockKey, List<String> topics,
            Workers workers) {
        this(dataSource, kafka, topicSettings, settings, name, notifyChannel, leaderLockKey, topics,
                JobRunner.Mode.CONTINUOUS, null, workers);
    }

    /** @param interval the schedule of a SCHEDULED relay; ignored otherwise */
    public OutboxRelayRunner(DataSource dataSource, Map<String, Object> kafka, PipelineConfig.Topics topicSettings,
            PipelineConfig.Relay settings, String name, String notifyChannel, long leaderLockKey, List<String> topics,
            JobRunner.Mode mode, Duration interval, Workers workers) {
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
        } else {
            OutboxRelay relay = newRelay();
            job = new JobRunner(name, mode, interval, null, () -> new JobRunner.Result(relay.publishAll(), 0),
                    run -> LOG.infof("%s published %d events (%s)", name, run.processed(), run.trigger()));
            job.start(workers);
        }
    }

    private OutboxRelay newRelay() {
        return new OutboxRelay(dataSource, producer, PipelineConfig.topics(topicSettings, kafka), topics,
                PipelineConfig.relay(settings, name, notifyChannel, leaderLockKey));
    }

    /** Publishes everything unsent now (a relay that is not continuous waits for its schedule or this). */
    public void runNow() {
        if (job != null) {
            job.runNow();
        }
    }

    public synchronized void stop() {
        Duration grace = settings.stopGrace();
        if (worker != null) {
            worker.stop(grace);
            worker = null;
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
