package io.customersync.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
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
 * upload and every sync event is delivered again. Nothing may change: no new account number, no new
 * announcement, no new delivery, the same rows in every channel database.
 */
final class OffsetReset {

    private static final Map<String, String> GROUPS = Map.of("hq-customer-sync", Topics.CUSTOMER_UPLOADS,
            "distribution-1010", Topics.CUSTOMER_SYNC);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP = Duration.ofSeconds(15);
    private static final Duration START = Duration.ofMinutes(2);

    private final LocalSystem system;
    private final Invariants invariants;

    OffsetReset(LocalSystem system, Invariants invariants) {
        this.system = system;
        this.invariants = invariants;
    }

    FaultReport.Row run() throws Exception {
        Map<String, Object> before = snapshot();
        ServiceProcess hq = system.service(LocalSystem.HQ);
        ServiceProcess distribution = system.service(LocalSystem.DISTRIBUTION);
        hq.stop(STOP);
        distribution.stop(STOP);
        long redelivered;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
            redelivered = resetToBeginning(admin);
            hq.start();
            distribution.start();
            hq.awaitReady(START);
            distribution.awaitReady(START);
            long start = System.nanoTime();
            while (lag(admin) > 0 && System.nanoTime() - start < TIMEOUT.toNanos()) {
                Thread.sleep(500);
            }
            Duration converge = Duration.ofNanos(System.nanoTime() - start);
            Map<String, Object> after = snapshot();
            int changed = (int) before.keySet().stream().filter(k -> !before.get(k).equals(after.get(k))).count();
            @SuppressWarnings("unchecked")
            int customers = ((Map<String, String>) before.get("hq customers")).size();
            return new FaultReport.Row("duplicate delivery (offsets reset)", customers,
                    "both consumer groups reset to the beginning: " + String.format("%,d", redelivered)
                            + " records delivered again", 0, lag(admin) > 0 ? 1 : 0, changed, converge);
        }
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

    /** What must not change: HQ's customers and account numbers, its announcements, deliveries, channel rows. */
    private Map<String, Object> snapshot() throws Exception {
        Map<String, Object> state = new HashMap<>();
        state.put("hq customers", rows("hq", "select customer_id::text, account_number from customer"));
        state.put("hq staging", rows("hq", "select customer_id::text, status || ' ' || coalesce(account_number, '') "
                + "from async_customer_staging"));
        state.put("hq announcements", invariants.count("hq", "select count(*) from outbox_event"));
        state.put("hq transactions", invariants.count("hq", "select count(*) from channel_transaction"));
        state.put("deliveries", invariants.count("distribution", "select count(*) from pending_delivery"));
        for (String database : List.of("channel_houston", "channel_online")) {
            state.put(database, rows(database, "select id::text, status || ' ' || coalesce(account_number, '') "
                    + "|| ' ' || distributed from customer"));
        }
        return state;
    }

    private Map<String, String> rows(String database, String sql) throws Exception {
        Map<String, String> rows = new HashMap<>();
        try (Connection db = system.connect(database); Statement select = db.createStatement();
                ResultSet rs = select.executeQuery(sql)) {
            while (rs.next()) {
                rows.put(rs.getString(1), rs.getString(2));
            }
        }
        return rows;
    }
}
