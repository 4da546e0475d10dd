package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * HQ tells the channel when it refuses (FAILED: reason code, names of the fields to fix) or holds
 * (ON_HOLD) an async customer, through its outbox on the sync topic; the customer-sync job runs by
 * itself (continuous), so a store edit that supplies the missing fields gets the customer numbered
 * without any ops retry.
 */
@QuarkusTest
@TestProfile(SyncStatusEventsTest.EmailAndPhoneRequiredHoldDuplicates.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_status_test"))
class SyncStatusEventsTest {

    static final String OPS = "Bearer demo-ops";

    public static class EmailAndPhoneRequiredHoldDuplicates implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hq.customer.required-fields", "email,phone", "hq.duplicates.policy", "HOLD",
                    "hq.upload-consumer.group-id", "hq-status-test");
        }
    }

    @Test
    void aRefusedCustomerIsAnnouncedFailedWithTheFieldsToFixAndAStoreEditGetsItNumbered() throws Exception {
        UUID id = UUID.randomUUID();
        upload(UUID.randomUUID(), newCustomer("HOUSTON", id, null, null));

        ConsumerRecord<String, byte[]> refusal = awaitEvent(id, EventType.CUSTOMER_NOT_SYNCHRONIZED, 1).get(0);
        CustomerNotSynchronized failed = EventJson.read(refusal.value(), CustomerNotSynchronized.class);
        assertEquals(CustomerNotSynchronized.Status.FAILED, failed.status());
        assertEquals(CustomerNotSynchronized.REQUIRED_FIELDS_MISSING, failed.reasonCode());
        assertEquals(List.of("email", "phone"), failed.fieldsToFix());
        assertEquals("HOUSTON", failed.originChannelId());
        String body = new String(refusal.value(), StandardCharsets.UTF_8);
        assertFalse(body.contains("Grace") || body.contains("Hopper") || body.contains("Arlington"),
                "names of fields only, no personal data: " + body);

        // the store fixes the customer: the edit's upload re-stages it, and HQ numbers it by itself
        String email = "grace." + id + "@example.com";
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON", "Grace",
                "Hopper", email, "+1 " + String.format("%010d", Math.abs(id.getMostSignificantBits() % 10_000_000_000L)),
                Map.of(), Instant.now()));
        String accountNumber = awaitSynced(id).accountNumber;

        CustomerSynchronized synced = HqEvents.opened(awaitEvent(id, EventType.CUSTOMER_SYNCHRONIZED, 1).get(0).value());
        assertEquals(accountNumber, synced.accountNumber());
        assertEquals(email, synced.customer().email());
        given().header("Authorization", OPS).when().get("/api/v1/staging/" + id).then().statusCode(200)
                .body("history.status", hasItems("PENDING", "FAILED", "RETRY", "SYNCED"));
    }

    @Test
    void aHeldPossibleDuplicateIsAnnouncedOnHoldAndTheDecisionsSyncEventFollowsIt() throws Exception {
        String phone = "+1 832 " + String.format("%07d", Math.abs(UUID.randomUUID().hashCode() % 10_000_000));
        CustomerCreated first = newCustomer("HOUSTON", UUID.randomUUID(), "first." + UUID.randomUUID() + "@example.com", phone);
        CustomerCreated second = newCustomer("ONLINE", UUID.randomUUID(), "second." + UUID.randomUUID() + "@example.com", phone);
        upload(UUID.randomUUID(), first);
        String firstAccount = awaitSynced(first.customerId()).accountNumber;
        upload(UUID.randomUUID(), second);

        ConsumerRecord<String, byte[]> hold = awaitEvent(second.customerId(), EventType.CUSTOMER_NOT_SYNCHRONIZED, 1).get(0);
        CustomerNotSynchronized held = EventJson.read(hold.value(), CustomerNotSynchronized.class);
        assertEquals(CustomerNotSynchronized.Status.ON_HOLD, held.status());
        assertEquals(CustomerNotSynchronized.POSSIBLE_DUPLICATE, held.reasonCode());
        assertEquals(List.of(), held.fieldsToFix());
        assertFalse(new String(hold.value(), StandardCharsets.UTF_8).contains(firstAccount),
                "the channel is not told whom it may duplicate");

        // a misspelt field is refused, not dropped (a LINK's "acountNumber" linked to the matched account until 2026-12-06)
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("decision", "LINK", "acountNumber", firstAccount))
                .when().post("/api/v1/staging/" + second.customerId() + "/decision").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("acountNumber"));
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("decision", "KEEP_SEPARATE"))
                .when().post("/api/v1/staging/" + second.customerId() + "/decision").then().statusCode(200);

        ConsumerRecord<String, byte[]> decided = awaitEvent(second.customerId(), EventType.CUSTOMER_SYNCHRONIZED, 1).get(0);
        assertEquals(hold.partition(), decided.partition(), "same key, same partition");
        assertTrue(decided.offset() > hold.offset(), "the sync event follows the hold");
        assertTrue(EventJson.read(decided.value(), CustomerSynchronized.class).syncedAt().isAfter(held.decidedAt()));
    }

    private static List<ConsumerRecord<String, byte[]>> awaitEvent(UUID customerId, EventType type, int count) {
        List<ConsumerRecord<String, byte[]>> found = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(customerId.toString()) && type.ceType().equals(TopicReader.header(r, "ce_type")),
                count, Duration.ofSeconds(30));
        assertEquals(count, found.size(), "events " + type.ceType() + " of " + customerId);
        return found;
    }
}
