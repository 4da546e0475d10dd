package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Crypto-shredding at the channel (decision 0014): the upload's personal fields are sealed with the
 * customer's data key in the outbox and on the topic; the P-job escrows the key to HQ (a real HTTP
 * server stands in for HQ, {@link HqKeyEscrowStub}) before it publishes, and while HQ does not take
 * keys the uploads wait in the outbox.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_sealed_test"))
class SealedUploadsTest {

    @Inject
    DataSource dataSource;

    @Test
    void theOutboxAndTheTopicHoldNoPersonalDataAndHqHoldsTheKeyFirst() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<String> personal = List.of("Sealy" + tag, "Shred" + tag, tag + "@example.com", "+1 555 " + (1000 + new java.util.Random().nextInt(9000)),
                "Main St " + tag);
        String id = createCustomer(POS_HOUSTON, customer(personal));

        var record = uploadsOf(id, 1).get(0);

        String onTopic = new String(record.value(), StandardCharsets.UTF_8);
        String inOutbox = outboxPayload(id);
        for (String value : personal) {
            assertFalse(onTopic.contains(value), value + " readable on the topic: " + onTopic);
            assertFalse(inOutbox.contains(value), value + " readable in the outbox: " + inOutbox);
        }
        assertTrue(onTopic.contains(id) && onTopic.contains("\"sealed\""), onTopic);
        assertTrue(HqKeyEscrowStub.holdsKeyOf(id), "HQ took the key before the upload was published");
        assertTrue(escrowed(id), "the key is marked escrowed");
        CustomerCreated opened = ChannelApi.opened(record, CustomerCreated.class); // the search above can find them
        assertEquals(personal.get(0), opened.firstName());
        assertEquals(personal.get(2), opened.email());
        assertEquals(personal.get(4), opened.addresses().get(0).street());
    }

    @Test
    void whileHqTakesNoKeysTheUploadsWaitAndLeaveOnceItDoes() throws Exception {
        String id;
        HqKeyEscrowStub.close();
        try {
            id = createCustomer(POS_HOUSTON, customer(List.of("Waiting", "ForHq", "wait@example.com", "+1 555 0123",
                    "1 Wait St")));
            assertEquals(0, uploadsOf(id, 1, Duration.ofSeconds(3)).size(), "published before HQ held the key");
            assertFalse(escrowed(id));
            assertFalse(HqKeyEscrowStub.holdsKeyOf(id));
        } finally {
            HqKeyEscrowStub.open();
        }
        assertEquals(1, uploadsOf(id, 1).size(), "published once HQ took the key");
        assertTrue(HqKeyEscrowStub.holdsKeyOf(id));
        assertTrue(escrowed(id));
    }

    private static Map<String, Object> customer(List<String> personal) {
        return Map.of("firstName", personal.get(0), "lastName", personal.get(1), "email", personal.get(2),
                "phone", personal.get(3), "addresses", List.of(Map.of("street", personal.get(4), "city", "Houston",
                        "state", "TX", "zip", "77002", "country", "US", "purpose", "HOME")));
    }

    private String outboxPayload(String customerId) throws Exception {
        return queryOne("select payload::text from outbox_event where message_key = ?", customerId);
    }

    private boolean escrowed(String customerId) throws Exception {
        return queryOne("select escrowed_at::text from customer_data_key where customer_id = ?::uuid", customerId) != null;
    }

    private String queryOne(String sql, String customerId) throws Exception {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "no row for " + customerId);
                String value = rs.getString(1);
                assertFalse(rs.next());
                return value;
            }
        }
    }
}
