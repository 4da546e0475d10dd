package io.customersync.distribution.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.Topics;
import io.customersync.distribution.domain.DeadLetterReplays;
import io.customersync.distribution.domain.UnknownDeadLetterException;
import io.customersync.messaging.DeadLetterPublisher;
import io.customersync.messaging.DeadLetterRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.smallrye.common.annotation.Identifier;

/**
 * The pipeline's dead letters for the pipeline page: per dead-letter topic the count and the latest
 * records (where, event id and type, original topic, reason, when; never the body), read with an
 * assigned consumer (no group, no commits); and the page's replay ({@link DeadLetterRecords}, the one
 * ops-cli uses), once per record ({@link DeadLetterReplays}) and logged with who did it.
 */
@ApplicationScoped
public class DeadLetters {

    /** One dead-letter topic: how many records it holds and the latest of them, newest first. */
    public record Topic(String topic, String originalTopic, long count, List<Letter> latest) {
    }

    /** One dead letter as ops see it; {@code replayedAt}/{@code replayedBy} are null until it was replayed. */
    public record Letter(int partition, long offset, String eventId, String eventType, String originalTopic,
            String reason, Instant at, Instant replayedAt, String replayedBy) {
    }

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final int LATEST = 20;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final DeadLetterReplays replays;

    public DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka, DeadLetterReplays replays) {
        Map<String, Object> consumerConfig = new HashMap<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG,
                "distribution-dead-letters"));
        kafka.forEach((k, v) -> { // security settings, if any
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                consumerConfig.put(k, v);
            }
        });
        this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        Map<String, Object> producerConfig = KafkaClientConfigs.producer(kafka, "distribution-dead-letter-replay");
        this.producer = new KafkaProducer<>(producerConfig);
        this.replays = replays;
    }

    /** Every dead-letter topic of the pipeline that exists, with its count and latest records. */
    public synchronized List<Topic> latest() {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(READ_TIMEOUT);
        List<Topic> topics = new ArrayList<>();
        for (String original : Topics.ALL) {
            String topic = Topics.deadLetterOf(original);
            List<TopicPartition> partitions = existing.getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (!partitions.isEmpty()) {
                topics.add(read(topic, original, partitions));
            }
        }
        return topics;
    }

    private Topic read(String topic, String original, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, READ_TIMEOUT);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
        long count = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        if (count == 0) {
            // nothing to read (the usual case): not assigned, so no fetch of it is cut short by the next topic's
            // assignment (a Kafka warning per partition at every refresh of the page; found by probing)
            return new Topic(topic, original, 0, List.of());
        }
        consumer.assign(partitions);
        partitions.forEach(tp -> consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - LATEST)));
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    records.add(r);
                }
            });
        }
        records.sort(Comparator.comparingLong((ConsumerRecord<String, byte[]> r) -> r.timestamp()).reversed());
        List<ConsumerRecord<String, byte[]>> newest = records.subList(0, Math.min(LATEST, records.size()));
        long from = newest.stream().mapToLong(ConsumerRecord::offset).min().orElse(0);
        Map<String, DeadLetterReplays.Replay> replayed = new HashMap<>();
        replays.since(topic, from).forEach(r -> replayed.put(r.partition() + "@" + r.offset(), r));
        return new Topic(topic, original, count, newest.stream().map(r -> letter(r, replayed.get(r.partition() + "@"
                + r.offset()))).toList());
    }

    private static Letter letter(ConsumerRecord<String, byte[]> r, DeadLetterReplays.Replay replay) {
        return new Letter(r.partition(), r.offset(), DeadLetterRecords.header(r, CloudEventHeaders.ID).orElse(null),
                DeadLetterRecords.header(r, CloudEventHeaders.TYPE).orElse(null), DeadLetterRecords.originalTopic(r),
                DeadLetterRecords.header(r, DeadLetterPublisher.REASON).orElse(null),
                DeadLetterRecords.header(r, DeadLetterPublisher.TIME).map(Instant::parse)
                        .orElse(Instant.ofEpochMilli(r.timestamp())),
                replay == null ? null : replay.replayedAt(), replay == null ? null : replay.replayedBy());
    }

    /**
     * Sends the dead letter back unchanged to the topic it came from, once: the claim and the send are one
     * transaction, so a record the broker did not take can be replayed again.
     *
     * @return where it went: topic/partition@offset
     */
    @Transactional(rollbackOn = Exception.class)
    public synchronized String replay(String topic, int partition, long offset, String who) throws Exception {
        if (Topics.ALL.stream().map(Topics::deadLetterOf).noneMatch(topic::equals)) {
            throw new UnknownDeadLetterException(topic + " is not a dead-letter topic of the pipeline");
        }
        replays.claim(topic, partition, offset, who);
        ConsumerRecord<String, byte[]> dead;
        try {
            dead = DeadLetterRecords.read(consumer, topic, partition, offset, READ_TIMEOUT);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UnknownDeadLetterException(e.getMessage());
        }
        RecordMetadata sent = producer.send(DeadLetterRecords.replayOf(dead, dead.value()))
                .get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        String where = DeadLetterRecords.where(sent.topic(), sent.partition(), sent.offset());
        replays.sentTo(topic, partition, offset, where);
        LOG.infof("dead letter %s (event %s) replayed to %s by %s at %s", DeadLetterRecords.where(topic, partition,
                offset), DeadLetterRecords.header(dead, CloudEventHeaders.ID).orElse("?"), where, who, Instant.now());
        return where;
    }

    @PreDestroy
    void close() {
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(2));
    }
}
