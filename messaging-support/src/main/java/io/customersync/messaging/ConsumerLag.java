package io.customersync.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far each consumer group is behind on the pipeline's topics (end offset minus committed offset,
 * summed over partitions), read with the Admin API and kept for {@code maxAge} so a page refresh or a
 * Prometheus scrape does not ask the broker every time. Groups without committed offsets on these
 * topics (e.g. {@code ./run.sh watch}) are not listed. While the broker does not answer the lag is unknown
 * ({@link #unavailable}; the gauges NaN).
 */
public final class ConsumerLag implements AutoCloseable {

    /** One group's lag on one topic. */
    public record Lag(String group, String topic, long lag) {
    }

    private static final Logger LOG = Logger.getLogger(ConsumerLag.class);

    private final Admin admin;
    private final Set<String> topics;
    private final Duration maxAge;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Set<String> registered = new java.util.HashSet<>();
    private List<Lag> snapshot = List.of();
    private String unavailable;
    private long readAt;

    public ConsumerLag(Map<String, Object> connection, Set<String> topics, Duration maxAge, Duration timeout,
            MeterRegistry meters) {
        this.admin = Admin.create(new HashMap<>(connection));
        this.topics = Set.copyOf(topics);
        this.maxAge = maxAge;
        this.timeout = timeout;
        this.meters = meters;
    }

    /** The lag of every group on every topic, at most {@code maxAge} old; empty while the broker is away. */
    public synchronized List<Lag> current() {
        if (System.nanoTime() - readAt > maxAge.toNanos() || readAt == 0) {
            try {
                snapshot = read();
                unavailable = null;
            } catch (Exception e) {
                LOG.debugf("consumer lag not available: %s", e.toString());
                snapshot = List.of();
                unavailable = e instanceof java.util.concurrent.TimeoutException
                        ? "the broker did not answer within " + timeout.toMillis() + " ms" : e.toString();
            }
            readAt = System.nanoTime();
            snapshot.forEach(this::register);
        }
        return snapshot;
    }

    private List<Lag> read() throws Exception {
        long millis = timeout.toMillis();
        List<String> groups = admin.listConsumerGroups().all().get(millis, TimeUnit.MILLISECONDS).stream()
                .map(ConsumerGroupListing::groupId).sorted().toList();
        Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = new TreeMap<>();
        Set<TopicPartition> partitions = new java.util.HashSet<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(millis, TimeUnit.MILLISECONDS).entrySet().stream()
                    .filter(e -> e.getValue() != null && topics.contains(e.getKey().topic()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            if (!offsets.isEmpty()) {
                committed.put(group, offsets);
                partitions.addAll(offsets.keySet());
            }
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(millis, TimeUnit.MILLISECONDS);
        List<Lag> lags = new ArrayList<>();
        committed.forEach((group, offsets) -> {
            Map<String, Long> byTopic = new TreeMap<>();
            offsets.forEach((partition, offset) -> byTopic.merge(partition.topic(),
                    Math.max(0, ends.get(partition).offset() - offset.offset()), Long::sum));
            byTopic.forEach((topic, lag) -> lags.add(new Lag(group, topic, lag)));
        });
        return List.copyOf(lags);
    }

    /**
     * Why the lag is not known now (the broker did not answer), or null: an empty {@link #current} is then no lag
     * known, not no lag (the pipeline page showed an empty table and the gauges 0 through a broker outage; found by
     * probing).
     */
    public synchronized String unavailable() {
        current();
        return unavailable;
    }

    private void register(Lag lag) {
        if (meters != null && registered.add(lag.group() + "|" + lag.topic())) {
            Gauge.builder("customersync.consumer.lag", this, self -> self.valueOf(lag.group(), lag.topic()))
                    .description("records of a topic a consumer group has not committed yet")
                    .tags("group", lag.group(), "topic", lag.topic()).register(meters);
        }
    }

    private synchronized double valueOf(String group, String topic) {
        List<Lag> lags = current();
        return unavailable != null ? Double.NaN : lags.stream().filter(l -> l.group().equals(group)
                && l.topic().equals(topic)).mapToLong(Lag::lag).findFirst().orElse(0);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
