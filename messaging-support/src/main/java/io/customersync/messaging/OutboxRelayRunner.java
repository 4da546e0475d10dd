package io.customersync.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.Config;

/** A service's outbox relay with its own idempotent producer, on a thread of its own. */
public final class OutboxRelayRunner {

    private final KafkaProducer<String, byte[]> producer;
    private final BackgroundWorker worker;

    private OutboxRelayRunner(KafkaProducer<String, byte[]> producer, BackgroundWorker worker) {
        this.producer = producer;
        this.worker = worker;
    }

    /**
     * @param prefix configuration prefix of the relay's settings (see {@link PipelineConfig#relay})
     * @param topics the topics this outbox publishes to, created if missing
     */
    public static OutboxRelayRunner start(DataSource dataSource, Map<String, Object> kafka, Config config,
            String prefix, String name, String notifyChannel, long leaderLockKey, List<String> topics) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name));
        OutboxRelay relay = new OutboxRelay(dataSource, producer, PipelineConfig.topics(config, kafka), topics,
                PipelineConfig.relay(config, prefix, name, notifyChannel, leaderLockKey));
        return new OutboxRelayRunner(producer, BackgroundWorker.start(name, relay, relay::stop));
    }

    public void stop(Duration grace) {
        worker.stop(grace);
        producer.close(grace);
    }
}
