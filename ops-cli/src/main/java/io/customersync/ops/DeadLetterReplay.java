package io.customersync.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.customersync.contracts.Topics;

/**
 * Sends one dead letter back to the topic it came from: same key, same event headers (so the same
 * {@code ce_id}: a consumer that had applied it after all drops it), without the {@code dlt_*}
 * headers, optionally with a corrected body.
 */
record DeadLetterReplay(String bootstrap, String topic, int partition, long offset, Optional<Path> valueFile) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final String DEAD_LETTER_HEADER_PREFIX = "dlt_";

    static DeadLetterReplay fromArguments(Arguments args) {
        String topic = args.required("--topic");
        if (!topic.endsWith(Topics.DEAD_LETTER_SUFFIX)) {
            throw new IllegalArgumentException("--topic must be a dead-letter topic (*" + Topics.DEAD_LETTER_SUFFIX + ")");
        }
        try {
            return new DeadLetterReplay(args.bootstrap(), topic, Integer.parseInt(args.required("--partition")),
                    Long.parseLong(args.required("--offset")), args.get("--value-file").map(Path::of));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--partition and --offset are numbers");
        }
    }

    /** @return where the record went: topic/partition@offset */
    String run(PrintStream out) throws Exception {
        ConsumerRecord<String, byte[]> dead = read();
        String original = EventLine.header(dead, "dlt_original_topic").orElse(
                topic.substring(0, topic.length() - Topics.DEAD_LETTER_SUFFIX.length()));
        RecordHeaders headers = new RecordHeaders();
        for (Header header : dead.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        byte[] value = valueFile.isPresent() ? readValue(valueFile.get()) : dead.value();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            var sent = producer.send(new ProducerRecord<>(original, null, dead.key(), value, headers)).get();
            String where = sent.topic() + "/" + sent.partition() + "@" + sent.offset();
            out.printf("replayed %s/%d@%d (reason was: %s) to %s%s%n", topic, partition, offset,
                    EventLine.header(dead, "dlt_reason").orElse("?"), where, valueFile.isPresent() ? " with the corrected body" : "");
            return where;
        }
    }

    private ConsumerRecord<String, byte[]> read() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offset) {
                        return record;
                    }
                    throw new IllegalArgumentException("no record at " + topic + "/" + partition + "@" + offset
                            + " (next is @" + record.offset() + ")");
                }
            }
        }
        throw new IllegalArgumentException("no record at " + topic + "/" + partition + "@" + offset);
    }

    private static byte[] readValue(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
