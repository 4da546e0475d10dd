package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.Config;

/**
 * A service's consumer of one topic, with its dead-letter producer, on a thread of its own.
 * Settings come from the configuration under {@code prefix} (see {@link PipelineConfig#consumer}),
 * plus {@code prefix.group-id}, {@code prefix.session-timeout}, {@code prefix.dead-letter-timeout} and
 * {@code prefix.stop-grace}.
 */
public final class EventConsumerRunner {

    private final Map<String, Object> kafka;
    private final Config config;
    private final String prefix;
    private final String name;
    private final String topic;
    private final EventHandler handler;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private BackgroundWorker worker;

    public EventConsumerRunner(Map<String, Object> kafka, Config config, String prefix, String name, String topic,
            EventHandler handler) {
        this.kafka = kafka;
        this.config = config;
        this.prefix = prefix;
        this.name = name;
        this.topic = topic;
        this.handler = handler;
    }

    public synchronized void start() {
        String groupId = config.getValue(prefix + ".group-id", String.class);
        Map<String, Object> settings = KafkaClientConfigs.consumer(kafka, groupId, name);
        // a crashed instance's partitions move to the others (or to it, restarted) after this long, not Kafka's 45 s
        settings.put(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) config.getValue(prefix + ".session-timeout", Duration.class).toMillis());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(settings);
        deadLetterProducer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name + "-dead-letters"));
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(deadLetterProducer, groupId,
                PipelineConfig.deadLetterTimeout(config, prefix));
        EventConsumerLoop loop = new EventConsumerLoop(consumer, deadLetters, PipelineConfig.topics(config, kafka),
                handler, PipelineConfig.consumer(config, prefix, name, topic));
        worker = BackgroundWorker.start(name, loop, loop::stop);
    }

    public synchronized void stop() {
        if (worker != null) {
            Duration grace = config.getValue(prefix + ".stop-grace", Duration.class);
            worker.stop(grace);
            deadLetterProducer.close(grace);
            worker = null;
        }
    }
}
