package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's consumer of one topic, with its dead-letter producer, on a thread of its own.
 * Settings: the service's {@link PipelineConfig.Consumer} group.
 */
public final class EventConsumerRunner {

    private final Map<String, Object> kafka;
    private final PipelineConfig.Topics topics;
    private final PipelineConfig.Consumer settings;
    private final String name;
    private final String topic;
    private final EventHandler handler;
    private final MeterRegistry meters;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private BackgroundWorker worker;

    public EventConsumerRunner(Map<String, Object> kafka, PipelineConfig.Topics topics,
            PipelineConfig.Consumer settings, String name, String topic, EventHandler handler, MeterRegistry meters) {
        this.kafka = kafka;
        this.topics = topics;
        this.settings = settings;
        this.name = name;
        this.topic = topic;
        this.handler = handler;
        this.meters = meters;
    }

    public synchronized void start() {
        String groupId = settings.groupId();
        Map<String, Object> clientSettings = KafkaClientConfigs.consumer(kafka, groupId, name);
        // a crashed instance's partitions move to the others (or to it, restarted) after this long, not Kafka's 45 s
        clientSettings.put(org.apache.kafka.clients.consumer.ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                (int) settings.sessionTimeout().toMillis());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clientSettings);
        deadLetterProducer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name + "-dead-letters"));
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(deadLetterProducer, groupId,
                settings.deadLetterTimeout(), meters, topic);
        EventConsumerLoop loop = new EventConsumerLoop(consumer, deadLetters, PipelineConfig.topics(topics, kafka),
                handler, PipelineConfig.consumer(settings, name, topic));
        worker = BackgroundWorker.start(name, loop, loop::stop);
    }

    public synchronized void stop() {
        if (worker != null) {
            Duration grace = settings.stopGrace();
            worker.stop(grace);
            deadLetterProducer.close(grace);
            worker = null;
        }
    }
}
