package io.customersync.ops;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.customersync.contracts.Topics;
import io.customersync.messaging.DeadLetterRecords;

/**
 * {@code ./run.sh replay}: sends one dead letter back to the topic it came from with messaging-support's
 * {@link DeadLetterRecords} (the replay the pipeline page uses too), optionally with a corrected body.
 */
record DeadLetterReplay(String bootstrap, String topic, int partition, long offset, Optional<Path> valueFile) {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

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
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        ConsumerRecord<String, byte[]> dead;
        try (var consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer())) {
            dead = DeadLetterRecords.read(consumer, topic, partition, offset, READ_TIMEOUT);
        }
        byte[] value = valueFile.isPresent() ? readValue(valueFile.get()) : dead.value();
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            var sent = producer.send(DeadLetterRecords.replayOf(dead, value)).get();
            String where = DeadLetterRecords.where(sent.topic(), sent.partition(), sent.offset());
            out.printf("replayed %s (reason was: %s) to %s%s%n", DeadLetterRecords.where(topic, partition, offset),
                    DeadLetterRecords.header(dead, "dlt_reason").orElse("?"), where,
                    valueFile.isPresent() ? " with the corrected body" : "");
            return where;
        }
    }

    private static byte[] readValue(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
