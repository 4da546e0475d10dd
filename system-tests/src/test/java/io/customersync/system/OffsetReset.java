package io.customersync.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.customersync.contracts.Topics;

/**
 * Duplicate delivery: both consumer groups are set back to the beginning of their topics, so every
 * upload and every sync event is delivered again. Nothing that existed before may change: the same
 * HQ customers and account numbers, the same staging rows, the same rows in every channel database.
 */
final class OffsetReset {

    private static final Map<String, String> GROUPS = Map.of("hq-customer-sync", Topics.CUSTOMER_UPLOADS,
            "distribution-1010", Topics.CUSTOMER_SYNC);
    private static final Duration STOP = Duration.ofSeconds(15);

    private final LocalSystem system;

    OffsetReset(LocalSystem system) {
        this.system = system;
    }

    /**
     * Stops hq-service and distribution-service, resets both groups, starts them again when {@code down}
     * has passed since the stop; @return how many records will be delivered again.
     */
    long redeliver(Duration down) throws Exception {
        long stopped = System.nanoTime();
        ServiceProcess hq = system.service(LocalSystem.HQ);
        ServiceProcess distribution = system.service(LocalSystem.DISTRIBUTION);
        hq.stop(STOP);
        distribution.stop(STOP);
        long records;
        try (Admin admin = admin()) {
            records = resetToBeginning(admin);
        }
        Thread.sleep(Math.max(0, (down.toNanos() - (System.nanoTime() - stopped)) / 1_000_000));
        hq.start();
        distribution.start();
        return records;
    }

    /** Waits until both groups have consumed everything again. */
    void awaitCaughtUp(Duration timeout) throws Exception {
        try (Admin admin = admin()) {
            long start = System.nanoTime();
            while (lag(admin) > 0) {
                if (System.nanoTime() - start > timeout.toNanos()) {
                    throw new IllegalStateException("the consumer groups did not catch up within " + timeout);
                }
                Thread.sleep(500);
            }
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()));
    }

    /** @return how many records will be delivered again */
    private static long resetToBeginning(Admin admin) throws Exception {
        long records = 0;
        for (var group : GROUPS.entrySet()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(group.getValue())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(group.getValue()).partitions().stream()
                    .map(p -> new TopicPartition(group.getValue(), p.partition())).toList();
            var earliest = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.earliest())))
                    .all().get(30, TimeUnit.SECONDS);
            var committed = admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetAndMetadata> reset = new HashMap<>();
            for (TopicPartition partition : partitions) {
                reset.put(partition, new OffsetAndMetadata(earliest.get(partition).offset()));
                OffsetAndMetadata was = committed.get(partition);
                records += was == null ? 0 : was.offset() - earliest.get(partition).offset();
            }
            admin.alterConsumerGroupOffsets(group.getKey(), reset).all().get(30, TimeUnit.SECONDS);
        }
        return records;
    }

    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (var group : GROUPS.entrySet()) {
            var committed = admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(p -> p,
                    p -> OffsetSpec.latest()))).all().get(30, TimeUnit.SECONDS);
            for (var entry : committed.entrySet()) {
                lag += ends.get(entry.getKey()).offset() - entry.getValue().offset();
            }
        }
        return lag;
    }

    /** Every row that must not change when records are delivered again, by table and key. */
    Map<String, String> snapshot() throws Exception {
        Map<String, String> state = new HashMap<>();
        rows(state, "hq", "hq customer ", "select customer_id::text, account_number || ' ' || async_customer_number "
                + "from customer");
        rows(state, "hq", "hq staging ", "select customer_id::text, status || ' ' || coalesce(account_number, '') "
                + "from async_customer_staging");
        rows(state, "hq", "hq sale ", "select transaction_id::text, total::text from channel_transaction");
        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            rows(state, channel.database(), channel.id() + " customer ", "select id::text, status || ' ' "
                    + "|| coalesce(account_number, '') || ' ' || distributed || ' ' || updated_at from customer");
        }
        return state;
    }

    /** The rows of {@code before} that are different now or gone. */
    List<String> changedSince(Map<String, String> before) throws Exception {
        Map<String, String> now = snapshot();
        List<String> changed = new ArrayList<>();
        before.forEach((key, value) -> {
            if (!value.equals(now.get(key))) {
                changed.add(key + ": " + value + " -> " + now.get(key));
            }
        });
        return changed;
    }

    private void rows(Map<String, String> state, String database, String prefix, String sql) throws Exception {
        try (Connection db = system.connect(database); Statement select = db.createStatement();
                ResultSet rs = select.executeQuery(sql)) {
            while (rs.next()) {
                state.put(prefix + rs.getString(1), rs.getString(2));
            }
        }
    }
}
