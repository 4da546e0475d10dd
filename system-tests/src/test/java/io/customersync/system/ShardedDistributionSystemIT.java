package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static io.customersync.system.RunningSystem.idOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.Topics;
import io.customersync.testsupport.FreePorts;
import io.customersync.testsupport.TopicReader;

/**
 * Two distribution deployments running at once, as packaged: the system's own ({@code main}, its
 * database and consumer group) and a second process, deployment {@code east} with a database and a
 * consumer group of its own, which owns ONLINE. A customer posted at HOUSTON reaches both channel
 * databases, HOUSTON's copy queued and delivered by main, ONLINE's by east, and nobody dead-letters
 * the event for the channel it does not own.
 */
class ShardedDistributionSystemIT {

    private static final String EAST_GROUP = "distribution-1010-east";
    private static final String DELIVERED = """
            select count(*) from pending_delivery where channel_id = ? and customer_id = ?::uuid and delivered_at is not null""";

    @Test
    void eachDeploymentDeliversTheCopiesOfTheChannelsItOwns() throws Exception {
        LocalSystem system = RunningSystem.get();
        ServiceProcess main = system.service(LocalSystem.DISTRIBUTION);
        system.createDatabase("distribution_east");
        ServiceProcess east = main.anotherInstance("distribution-east", FreePorts.any()).withSettings(Map.of(
                "quarkus.datasource.jdbc.url", system.jdbcUrl("distribution_east"),
                "distribution.deployment", "east",
                "distribution-consumer.group-id", EAST_GROUP,
                "distribution.channels.HOUSTON.deployment", "main",
                "distribution.channels.ONLINE.deployment", "east"));
        // east joins a running estate whose channels hold what came before: its group starts at the topic's end
        startAtEnd(system, EAST_GROUP, Topics.CUSTOMER_SYNC);
        east.start();
        try {
            // main hands ONLINE over to east in its own registry (no restart)
            ChannelRegistryCalls.put(main.port(), "ONLINE", ChannelRegistryCalls.seeded("ONLINE", "channel_online", "east"), 200);
            east.awaitReady(Duration.ofMinutes(2));
            assertTrue(ChannelRegistryCalls.get(east.port(), "ONLINE").contains("\"ownedHere\":true"));
            assertTrue(ChannelRegistryCalls.get(main.port(), "ONLINE").contains("\"ownedHere\":false"));

            UUID customer = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Sharded"));
            await().atMost(Duration.ofSeconds(30)).until(() -> accountNumbers("channel_houston", List.of(customer)).size() == 1
                    && accountNumbers("channel_online", List.of(customer)).size() == 1);
            assertEquals(accountNumbers("channel_houston", List.of(customer)), accountNumbers("channel_online", List.of(customer)));

            // each copy was queued and delivered by its owner, and by nobody else
            String id = customer.toString();
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered("distribution", "HOUSTON", id) == 1
                    && delivered("distribution_east", "ONLINE", id) == 1);
            assertEquals(0L, delivered("distribution", "ONLINE", id), "main queued no copy for east's ONLINE");
            assertEquals(0L, delivered("distribution_east", "HOUSTON", id), "east queued no copy for main's HOUSTON");
            // nobody dead-lettered the event for the channel it does not own
            assertEquals(List.of(), TopicReader.readUntil(system.kafkaBootstrapServers(), Topics.deadLetterOf(Topics.CUSTOMER_SYNC),
                    r -> id.equals(r.key()), 1, Duration.ofSeconds(3)));
        } finally {
            ChannelRegistryCalls.put(main.port(), "ONLINE", ChannelRegistryCalls.seeded("ONLINE", "channel_online", "main"), 200);
            east.stop(Duration.ofSeconds(15));
        }
    }

    private static void startAtEnd(LocalSystem system, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.kafkaBootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all().get(30, TimeUnit.SECONDS);
            admin.alterConsumerGroupOffsets(group, partitions.stream().collect(Collectors.toMap(p -> p,
                    p -> new OffsetAndMetadata(ends.get(p).offset())))).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static long delivered(String database, String channelId, String customerId) throws Exception {
        try (var db = RunningSystem.get().connect(database); var count = db.prepareStatement(DELIVERED)) {
            count.setString(1, channelId);
            count.setString(2, customerId);
            try (var rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
