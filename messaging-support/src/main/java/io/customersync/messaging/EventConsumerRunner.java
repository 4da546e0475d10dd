package io.customersync.messaging;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.Config;

/** A service's consumer of one topic, with its dead-letter producer, on a thread of its own. */
public final class EventConsumerRunner {

    private final KafkaProducer<String, byte[]> deadLetterProducer;
    private final BackgroundWorker worker;

    private EventConsumerRunner(KafkaProducer<String, byte[]> deadLetterProducer, BackgroundWorker worker) {
        this.deadLetterProducer = deadLetterProducer;
        this.worker = worker;
    }

    /** @param prefix configuration prefix of the consumer's settings (see {@link PipelineConfig#consumer}) */
    public static EventConsumerRunner start(Map<String, Object> kafka, Config config, String prefix, String name,
            String groupId, String topic, EventHandler handler) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaClientConfigs.consumer(kafka, groupId, name));
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                KafkaClientConfigs.producer(kafka, name + "-dead-letters"));
        DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, groupId,
                PipelineConfig.deadLetterTimeout(config, prefix));
        EventConsumerLoop loop = new EventConsumerLoop(consumer, deadLetters, PipelineConfig.topics(config, kafka),
                handler, PipelineConfig.consumer(config, prefix, name, topic));
        return new EventConsumerRunner(producer, BackgroundWorker.start(name, loop, loop::stop));
    }

    public void stop(Duration grace) {
        worker.stop(grace);
        deadLetterProducer.close(grace);
    }
}
