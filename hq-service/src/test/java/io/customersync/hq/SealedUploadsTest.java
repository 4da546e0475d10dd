package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.HqRows.query;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.Topics;
import io.customersync.hq.domain.AsyncCustomerStaging;
import io.customersync.hq.domain.Customer;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Sealed uploads at HQ (decision 0014): HQ opens them with the key the channel escrowed; one whose
 * key is not there yet waits (retried, not dead-lettered); the erasure destroys the keys, and a
 * sealed upload of the erased customer replayed afterwards revives nothing. Keys a channel made ahead and
 * gives back unused are forgotten, only those.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class SealedUploadsTest {

    private static final String HOUSTON_CHANNEL = "Bearer demo-rts-houston";

    @Test
    void aSealedUploadIsOpenedWithTheEscrowedKeyAndAfterErasureNothingOfItComesBack() {
        DataKey key = DataKey.generate();
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        UUID createdId = UUID.randomUUID();
        send(EventType.CUSTOMER_CREATED, createdId, id, "HOUSTON", SealedEvents.seal(EventType.CUSTOMER_CREATED, customer, key));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> staged(id) == null);

        escrow(key, id).statusCode(204);
        escrow(key, id).statusCode(204); // again: idempotent

        String account = awaitSynced(id).accountNumber;
        Customer master = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account));
        assertEquals(customer.email(), master.email, "opened with the escrowed key");
        assertEquals(customer.lastName(), master.lastName);
        assertEquals(0, TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_UPLOADS + ".dlt",
                r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(1)).size(), "waited, not dead-lettered");

        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-SEALED", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(201);
        assertEquals(0L, count("select count(*) from customer_data_key where customer_id = ?", id), "key destroyed");

        escrow(key, id).statusCode(204); // a key of an erased customer is not kept again
        assertEquals(0L, count("select count(*) from customer_data_key where customer_id = ?", id));
        send(EventType.CUSTOMER_CREATED, createdId, id, "HOUSTON", SealedEvents.seal(EventType.CUSTOMER_CREATED, customer, key));
        CustomerUpdated edit = new CustomerUpdated(id, "HOUSTON", "Revived", "Again", "revived@example.com", null,
                Map.of(), Instant.now());
        UUID editId = UUID.randomUUID();
        send(EventType.CUSTOMER_UPDATED, editId, id, "HOUSTON", SealedEvents.seal(EventType.CUSTOMER_UPDATED, edit, key));
        // both taken off the topic, refused as erased (a dropped sealed upload is recorded as processed)
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(createdId) && processed(editId));

        Customer erased = QuarkusTransaction.requiringNew().call(() -> HqRows.customer(account));
        assertEquals("Erased", erased.firstName);
        assertNull(erased.email);
        assertEquals(0L, count("select count(*) from async_customer_staging where payload::text like ?",
                "%" + customer.email() + "%"));
        assertEquals(0, TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_UPLOADS + ".dlt",
                r -> id.toString().equals(r.key()), 1, Duration.ofSeconds(1)).size(), "refused, not dead-lettered");
    }

    @Test
    void keysAreChannelsOnlyAndWellFormed() {
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("keys", List.of()))
                .when().put("/api/v1/customer-keys").then().statusCode(403);
        given().header("Authorization", HOUSTON_CHANNEL).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(Map.of("keyId", UUID.randomUUID().toString(), "customerId",
                        UUID.randomUUID().toString(), "key", "c2hvcnQ="))))
                .when().put("/api/v1/customer-keys").then().statusCode(400).contentType("application/problem+json");
        DataKey key = DataKey.generate();
        UUID customer = UUID.randomUUID();
        escrow(key, customer).statusCode(204);
        escrow(new DataKey(key.keyId(), DataKey.generate().secret()), customer).statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409));
    }

    @Test
    void keysGivenBackUnusedAreForgottenUnlessAnotherChannelOwnsThemOrTheirCustomerCame() {
        DataKey unused = DataKey.generate();
        UUID unusedCustomer = UUID.randomUUID();
        escrow(unused, unusedCustomer).statusCode(204);
        DataKey taken = DataKey.generate(); // made ahead, then taken by a customer whose upload HQ staged
        CustomerCreated customer = newCustomer("HOUSTON");
        escrow(taken, customer.customerId()).statusCode(204);
        send(EventType.CUSTOMER_CREATED, UUID.randomUUID(), customer.customerId(), "HOUSTON",
                SealedEvents.seal(EventType.CUSTOMER_CREATED, customer, taken));
        awaitSynced(customer.customerId());
        DataKey online = DataKey.generate(); // another channel's
        UUID onlineCustomer = UUID.randomUUID();
        HqRows.execute(
                "insert into customer_data_key (key_id, customer_id, data_key, escrowed_by) values (?, ?, ?, 'ONLINE')",
                online.keyId(), onlineCustomer, online.secret());
        DataKey staged = DataKey.generate(); // its customer's upload staged and held, not numbered: no customer yet
        UUID stagedCustomer = UUID.randomUUID();
        escrow(staged, stagedCustomer).statusCode(204);
        HqRows.execute("""
                insert into async_customer_staging (customer_id, channel_id, async_customer_number, payload, status,
                    upload_event_id, received_at, held_reason)
                values (?, 'HOUSTON', ?, '{}', 'PENDING', ?, now(), 'held by the test')""",
                stagedCustomer, "HOUSTON-KEYS-" + stagedCustomer, UUID.randomUUID());
        DataKey otherId = DataKey.generate(); // given back with another customer id than its own
        UUID otherIdCustomer = UUID.randomUUID();
        escrow(otherId, otherIdCustomer).statusCode(204);

        given().header("Authorization", HOUSTON_CHANNEL).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(unusedKey(unused, unusedCustomer), unusedKey(taken, customer.customerId()),
                        unusedKey(online, onlineCustomer), unusedKey(staged, stagedCustomer),
                        unusedKey(otherId, UUID.randomUUID()))))
                .when().post("/api/v1/customer-keys/unused").then().statusCode(200).body("forgotten", equalTo(1));

        assertEquals(0L, count("select count(*) from customer_data_key where key_id = ?", unused.keyId()), "forgotten");
        assertEquals(1L, count("select count(*) from customer_data_key where key_id = ?", taken.keyId()),
                "its customer came: kept");
        assertEquals(1L, count("select count(*) from customer_data_key where key_id = ?", staged.keyId()),
                "its customer's upload is staged: kept");
        assertEquals(1L, count("select count(*) from customer_data_key where key_id = ?", online.keyId()),
                "another channel's: kept");
        assertEquals(1L, count("select count(*) from customer_data_key where key_id = ?", otherId.keyId()),
                "not the customer it was made for: kept");
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(unusedKey(taken, customer.customerId()))))
                .when().post("/api/v1/customer-keys/unused").then().statusCode(403);
        given().header("Authorization", HOUSTON_CHANNEL).contentType(ContentType.JSON).body(Map.of("keys", List.of()))
                .when().post("/api/v1/customer-keys/unused").then().statusCode(400).contentType("application/problem+json");
    }

    private static Map<String, String> unusedKey(DataKey key, UUID customerId) {
        return Map.of("keyId", key.keyId().toString(), "customerId", customerId.toString());
    }

    private static io.restassured.response.ValidatableResponse escrow(DataKey key, UUID customerId) {
        return given().header("Authorization", HOUSTON_CHANNEL).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(Map.of("keyId", key.keyId().toString(), "customerId", customerId.toString(),
                        "key", Base64.getEncoder().encodeToString(key.secret())))))
                .when().put("/api/v1/customer-keys").then();
    }

    private static AsyncCustomerStaging staged(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> HqRows.staged(id));
    }

    /** Whether HQ's upload consumer took the event off the topic and recorded it as processed. */
    private static boolean processed(UUID eventId) {
        return count("select count(*) from processed_event where event_id = ?", eventId) == 1;
    }

    private static long count(String sql, Object parameter) {
        return ((Number) query(sql, parameter)).longValue();
    }
}
