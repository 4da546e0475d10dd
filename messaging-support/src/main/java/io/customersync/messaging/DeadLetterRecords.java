package io.customersync.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.customersync.contracts.Topics;

/**
 * Reading a dead letter and sending it back: the one replay used by ops-cli ({@code ./run.sh replay})
 * and the pipeline page. A replay goes to the topic the record came from with the same key and event
 * headers (so the same {@code ce_id}: a consumer that had applied it after all drops it), without the
 * {@code dlt_*} headers {@link DeadLetterPublisher} added. Needs only kafka-clients and the contracts.
 */
public final class DeadLetterRecords {

    /** Prefix of the headers {@link DeadLetterPublisher} adds. */
    public static final String HEADER_PREFIX = "dlt_";

    private DeadLetterRecords() {
    }

    /**
     * Reads the record at topic/partition@offset with a consumer that is assigned, never subscribed (no
     * group, no commits).
     *
     * @throws IllegalArgumentException when there is no record there (deleted, compacted, not yet written)
     */
    public static ConsumerRecord<String, byte[]> read(Consumer<String, byte[]> consumer, String topic, int partition,
            long offset, Duration timeout) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() == offset) {
                    return record;
                }
                throw new IllegalArgumentException("no record at " + where(topic, partition, offset) + " (next is @"
                        + record.offset() + ")");
            }
        }
        throw new IllegalArgumentException("no record at " + where(topic, partition, offset));
    }

    /** The record to send back: to its original topic, same key and headers minus {@code dlt_*}, this value. */
    public static ProducerRecord<String, byte[]> replayOf(ConsumerRecord<String, byte[]> dead, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith(HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        return new ProducerRecord<>(originalTopic(dead), null, dead.key(), value, headers);
    }

    /** The topic the dead letter came from: its {@code dlt_original_topic} header, else its topic without {@code .dlt}. */
    public static String originalTopic(ConsumerRecord<String, byte[]> dead) {
        return header(dead, DeadLetterPublisher.ORIGINAL_TOPIC).orElseGet(() -> dead.topic().endsWith(
                Topics.DEAD_LETTER_SUFFIX) ? dead.topic().substring(0, dead.topic().length()
                        - Topics.DEAD_LETTER_SUFFIX.length()) : dead.topic());
    }

    /** The last value of a header as UTF-8 text. */
    public static Optional<String> header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    public static String where(String topic, int partition, long offset) {
        return topic + "/" + partition + "@" + offset;
    }
}
