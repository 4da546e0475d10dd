package io.customersync.hq;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.messaging.EventRecords;
import io.customersync.messaging.KafkaClientConfigs;
import io.customersync.testsupport.KafkaBroker;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Uploads as a channel's P-job sends them, and what the HQ tests wait for. */
final class HqEvents {

    static final String BOOTSTRAP = KafkaBroker.shared().bootstrapServers();
    private static final KafkaProducer<String, byte[]> PRODUCER = new KafkaProducer<>(KafkaClientConfigs.producer(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP), "hq-test-channel"));

    private HqEvents() {
    }

    static void send(EventType type, UUID eventId, UUID customerId, String channelId, Object payload) {
        try {
            PRODUCER.send(EventRecords.record(type, eventId, customerId.toString(), "/channels/" + channelId,
                    Instant.now(), EventJson.write(payload))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void upload(UUID eventId, CustomerCreated customer) {
        send(EventType.CUSTOMER_CREATED, eventId, customer.customerId(), customer.channelId(), customer);
    }

    static KafkaProducer<String, byte[]> producer() {
        return PRODUCER;
    }

    static CustomerCreated newCustomer(String channelId) {
        return new CustomerCreated(UUID.randomUUID(), channelId, channelId + "-" + UUID.randomUUID(), "Grace", "Hopper",
                "grace@example.com", "+1 555 0101",
                List.of(new AsyncAddress(UUID.randomUUID(), "2 Navy Way", "Arlington", "VA", "22202", "US", "HOME")),
                Map.of("segment", "b2c"), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static AsyncCustomerStaging awaitSynced(UUID customerId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> AsyncCustomerStaging.<AsyncCustomerStaging> findById(customerId)),
                row -> row != null && row.status == StagingStatus.SYNCED);
    }
}
