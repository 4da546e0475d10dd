package io.customersync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.Config;

/**
 * A service's outbox relay with its own idempotent producer, on a thread of its own. Settings come
 * from the configuration under {@code prefix} (see {@link PipelineConfig#relay}), plus
 * {@code prefix.stop-grace}.
 */
public final class OutboxRelayRunner {

    private final DataSource dataSource;
    private final Map<String, Object> kafka;
    private final Config config;
    private final String prefix;
    private final String name;
    private final String notifyChannel;
    private final long leaderLockKey;
    private final List<String> topics;
    private KafkaProducer<String, byte[]> producer;
    private BackgroundWorker worker;

    /** @param topics the topics this outbox publishes to, created if missing */
    public OutboxRelayRunner(DataSource dataSource, Map<String, Object> kafka, Config config, String prefix,
            String name, String notifyChannel, long leaderLockKey, List<String> topics) {
        this.dataSource = dataSource;
        this.kafka = kafka;
        this.config = config;
        this.prefix = prefix;
        this.name = name;
        this.notifyChannel = notifyChannel;
        this.leaderLockKey = leaderLockKey;
        this.topics = List.copyOf(topics);
    }

    public synchronized void start() {
        producer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name));
        OutboxRelay relay = new OutboxRelay(dataSource, producer, PipelineConfig.topics(config, kafka), topics,
                PipelineConfig.relay(config, prefix, name, notifyChannel, leaderLockKey));
        worker = BackgroundWorker.start(name, relay, relay::stop);
    }

    public synchronized void stop() {
        if (worker != null) {
            Duration grace = config.getValue(prefix + ".stop-grace", Duration.class);
            worker.stop(grace);
            producer.close(grace);
            worker = null;
        }
    }
}
