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
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
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

    /** A new customer, with an email and phone nobody else has (so no duplicate policy applies). */
    static CustomerCreated newCustomer(String channelId) {
        UUID id = UUID.randomUUID();
        return newCustomer(channelId, id, "grace." + id + "@example.com",
                "+1 " + String.format("%010d", Math.abs(id.getLeastSignificantBits() % 10_000_000_000L)));
    }

    /** Grace Hopper with this e-mail and phone, at an address of her own (so only they can match her to another). */
    static CustomerCreated newCustomer(String channelId, UUID id, String email, String phone) {
        return person(channelId, id, "Grace", "Hopper", email, phone,
                new AsyncAddress(UUID.randomUUID(), "Apt " + id, "Arlington", "VA", "22202", "US", "HOME"));
    }

    static CustomerCreated person(String channelId, String firstName, String lastName, String email, String phone,
            AsyncAddress... addresses) {
        return person(channelId, UUID.randomUUID(), firstName, lastName, email, phone, addresses);
    }

    private static CustomerCreated person(String channelId, UUID id, String firstName, String lastName, String email,
            String phone, AsyncAddress... addresses) {
        return new CustomerCreated(id, channelId, channelId + "-" + id, firstName, lastName, email, phone,
                List.of(addresses), Map.of("segment", "b2c"), Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    static AsyncAddress address(String street, String zip) {
        return new AsyncAddress(UUID.randomUUID(), street, "Houston", "TX", zip, "US", "HOME");
    }

    /**
     * A sync-topic record's CustomerSynchronized, its customer opened with the key HQ holds (HQ seals it:
     * docs/privacy.md); fails if the record is not sealed.
     */
    static CustomerSynchronized opened(byte[] value) {
        try {
            CustomerSynchronized sealed = EventJson.read(value, CustomerSynchronized.class);
            UUID keyId = SealedEvents.keyId(sealed).orElseThrow(() -> new AssertionError("not sealed: "
                    + new String(value, java.nio.charset.StandardCharsets.UTF_8)));
            byte[] secret = (byte[]) HqRows.query("select data_key from customer_data_key where key_id = ?", keyId);
            if (secret == null) {
                throw new AssertionError("HQ holds no key " + keyId);
            }
            return SealedEvents.open(sealed, secret);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static AsyncCustomerStaging awaitSynced(UUID customerId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> QuarkusTransaction.requiringNew()
                        .call(() -> HqRows.staged(customerId)),
                row -> row != null && row.status == StagingStatus.SYNCED);
    }
}
