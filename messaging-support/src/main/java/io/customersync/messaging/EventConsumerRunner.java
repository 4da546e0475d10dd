package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

/**
 * A service's consumer of one topic, with its dead-letter producer, on a supervised worker of its
 * own ({@code consumer:<name>}): a consumer loop that fails is replaced by a new one with a new
 * {@code KafkaConsumer}. Both clients' metrics are at /q/metrics ({@code kafka_consumer_*},
 * {@code kafka_producer_*}, tag {@code client_id}). Settings: the service's {@link PipelineConfig.Consumer} group.
 */
public final class EventConsumerRunner {

    private final Map<String, Object> kafka;
    private final PipelineConfig.Topics topics;
    private final PipelineConfig.Consumer settings;
    private final String name;
    private final String topic;
    private final EventHandler handler;
    private final Workers workers;
    private KafkaProducer<String, byte[]> deadLetterProducer;
    private KafkaClientMetrics deadLetterProducerMeters;
    private BackgroundWorker worker;

    public EventConsumerRunner(Map<String, Object> kafka, PipelineConfig.Topics topics,
            PipelineConfig.Consumer settings, String name, String topic, EventHandler handler, Workers workers) {
        this.kafka = kafka;
        this.topics = topics;
        this.settings = settings;
        this.name = name;
        this.topic = topic;
        this.handler = handler;
        this.workers = workers;
    }

    public synchronized void start() {
        deadLetterProducer = new KafkaProducer<>(KafkaClientConfigs.producer(kafka, name + "-dead-letters"));
        deadLetterProducerMeters = new KafkaClientMetrics(deadLetterProducer);
        deadLetterProducerMeters.bindTo(workers.meters());
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(deadLetterProducer, settings.groupId(),
                settings.deadLetterTimeout(), workers.meters(), topic);
        worker = workers.start("consumer:" + name, () -> newLoop(deadLetters));
    }

    /** One run of the consumer: a new KafkaConsumer (metrics bound until it is closed) and its loop. */
    private WorkerLoop newLoop(DeadLetterPublisher deadLetters) {
        Map<String, Object> clientSettings = KafkaClientConfigs.consumer(kafka, settings.groupId(), name);
        // a crashed instance's partitions move to the others (or to it, restarted) after this long, not Kafka's 45 s
        clientSettings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(clientSettings);
        KafkaClientMetrics consumerMeters = new KafkaClientMetrics(consumer);
        consumerMeters.bindTo(workers.meters());
        EventConsumerLoop loop = new EventConsumerLoop(consumer, deadLetters, PipelineConfig.topics(topics, kafka),
                handler, PipelineConfig.consumer(settings, name, topic));
        return WorkerLoop.of(heartbeat -> {
            try {
                loop.run(heartbeat);
            } finally {
                consumerMeters.close();
            }
        }, loop::stop);
    }

    public synchronized void stop() {
        if (worker != null) {
            Duration grace = settings.stopGrace();
            worker.stop(grace);
            deadLetterProducer.close(grace);
            deadLetterProducerMeters.close();
            worker = null;
        }
    }
}
