package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import io.customersync.contracts.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Sends a record that cannot be applied to the dead-letter topic beside its own, unchanged, with
 * its original headers and the reason and origin in {@code dlt_*} headers. Counts them per original
 * topic as {@code customersync_dead_letters_total{topic}} at /q/metrics.
 */
public final class DeadLetterPublisher {

    public static final String REASON = "dlt_reason";
    public static final String EXCEPTION = "dlt_exception";
    public static final String ORIGINAL_TOPIC = "dlt_original_topic";
    public static final String ORIGINAL_PARTITION = "dlt_original_partition";
    public static final String ORIGINAL_OFFSET = "dlt_original_offset";
    public static final String CONSUMER_GROUP = "dlt_consumer_group";
    public static final String TIME = "dlt_time";

    private static final Logger LOG = Logger.getLogger(DeadLetterPublisher.class);
    private static final int MAX_REASON_LENGTH = 1000;

    private final Producer<String, byte[]> producer;
    private final String consumerGroup;
    private final Duration sendTimeout;
    private final MeterRegistry meters;

    /** The counter starts at 0 for {@code topic} (the one consumed), so it is at /q/metrics before any dead letter. */
    public DeadLetterPublisher(Producer<String, byte[]> producer, String consumerGroup, Duration sendTimeout,
            MeterRegistry meters, String topic) {
        this.producer = producer;
        this.consumerGroup = consumerGroup;
        this.sendTimeout = sendTimeout;
        this.meters = meters;
        counter(topic);
    }

    /** Publishes and waits for the broker's acknowledgement; throws if the broker does not take it. */
    public void publish(ConsumerRecord<String, byte[]> record, Throwable reason) throws Exception {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            headers.add(header);
        }
        String message = reason.getMessage() == null ? reason.toString() : reason.getMessage();
        headers.add(REASON, utf8(message.length() > MAX_REASON_LENGTH ? message.substring(0, MAX_REASON_LENGTH) : message));
        headers.add(EXCEPTION, utf8(reason.getClass().getName()));
        headers.add(ORIGINAL_TOPIC, utf8(record.topic()));
        headers.add(ORIGINAL_PARTITION, utf8(Integer.toString(record.partition())));
        headers.add(ORIGINAL_OFFSET, utf8(Long.toString(record.offset())));
        headers.add(CONSUMER_GROUP, utf8(consumerGroup));
        headers.add(TIME, utf8(Instant.now().toString()));
        String topic = Topics.deadLetterOf(record.topic());
        producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        counter(record.topic()).increment();
        LOG.warnf("dead-lettered %s-%d@%d to %s: %s", record.topic(), record.partition(), record.offset(), topic,
                message);
    }

    private Counter counter(String topic) {
        return Counter.builder("customersync.dead_letters")
                .description("records of a topic sent to its dead-letter topic").tag("topic", topic).register(meters);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
