package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.HqRows.query;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
import io.customersync.contracts.SealedEvents;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The sync topic's personal data sealed by HQ (decision 0014, stage 2): neither the records (read raw
 * from Kafka) nor HQ's outbox hold the customer's name, e-mail, phone or street; a customer created in
 * sync mode gets one key made at HQ, reused for its later announcements; an async customer's
 * announcements use the key its channel escrowed. Distribution reads the keys with a key of role
 * {@code distribution}, which may do nothing else.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class SealedSyncTest {

    static final String DISTRIBUTION = "Bearer demo-distribution";
    private static final String HOUSTON_RTS = "Bearer demo-rts-houston";

    @Test
    void aSyncModeCustomerIsAnnouncedSealedWithOneKeyMadeAtHqReusedForItsEdits() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON).body(EventJson.write(customer))
                .when().post("/api/v1/rts/customers").then().statusCode(200);

        ConsumerRecord<String, byte[]> first = announcements(id, 1).get(0);
        assertHoldsNothingOf(customer, first.value());
        UUID keyId = SealedEvents.keyId(EventJson.read(first.value(), CustomerSynchronized.class)).orElseThrow();
        assertEquals(1L, count("select count(*) from customer_data_key where customer_id = ? and made_at_hq", id),
                "one key made at HQ for the customer created in sync mode");
        assertEquals(keyId, query("select key_id from customer_data_key where customer_id = ?", id));
        CustomerSynchronized opened = HqEvents.opened(first.value());
        assertEquals(customer.email(), opened.customer().email(), "the key opens it, and it holds the customer");
        assertEquals(customer.addresses().get(0).street(), opened.customer().addresses().get(0).street());

        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON", "Grace",
                "Brewster", customer.email(), customer.phone(), Map.of(), Instant.now(), 1L, List.of("lastName")));
        ConsumerRecord<String, byte[]> edited = announcements(id, 2).get(1);
        assertHoldsNothingOf(customer, edited.value());
        assertFalse(new String(edited.value(), StandardCharsets.UTF_8).contains("Brewster"));
        assertEquals(keyId, SealedEvents.keyId(EventJson.read(edited.value(), CustomerSynchronized.class)).orElseThrow(),
                "the same key again");
        assertEquals("Brewster", HqEvents.opened(edited.value()).customer().lastName());
        assertEquals(1L, count("select count(*) from customer_data_key where customer_id = ?", id));
        assertEquals(0L, count("select count(*) from outbox_event where message_key = '" + id + "' and (payload::text like ?"
                + " or payload::text like '%Hopper%' or payload::text like '%Brewster%')", "%" + customer.email() + "%"),
                "HQ's outbox holds none of it either");
        assertTrue(count("select count(*) from outbox_event where message_key = ?", id.toString()) >= 2);
    }

    @Test
    void anAsyncCustomerIsAnnouncedSealedWithTheKeyItsChannelEscrowed() throws Exception {
        DataKey key = DataKey.generate();
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        escrow(key, id);
        send(EventType.CUSTOMER_CREATED, UUID.randomUUID(), id, "HOUSTON",
                SealedEvents.seal(EventType.CUSTOMER_CREATED, customer, key));
        awaitSynced(id);

        byte[] announced = announcements(id, 1).get(0).value();
        assertHoldsNothingOf(customer, announced);
        CustomerSynchronized sealed = EventJson.read(announced, CustomerSynchronized.class);
        assertEquals(key.keyId(), SealedEvents.keyId(sealed).orElseThrow());
        assertEquals(customer.phone(), SealedEvents.open(sealed, key.secret()).customer().phone());
        assertEquals(0L, count("select count(*) from customer_data_key where customer_id = ? and made_at_hq", id),
                "no key made at HQ: it had one");
    }

    @Test
    void distributionReadsKeysWithItsOwnKeyHeldNotHeldOrErased() {
        DataKey key = DataKey.generate();
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        escrow(key, id);
        UUID unknown = UUID.randomUUID();

        lookup(DISTRIBUTION, List.of(wanted(key.keyId(), id), wanted(key.keyId(), UUID.randomUUID()), wanted(unknown, id)))
                .statusCode(200)
                .body("keys[0].status", equalTo("HELD")).body("keys[0].customerId", equalTo(id.toString()))
                .body("keys[1].status", equalTo("NOT_HELD")).body("keys[1].key", nullValue())
                .body("keys[2].status", equalTo("NOT_HELD")).body("keys[2].keyId", equalTo(unknown.toString()));
        String held = lookup(DISTRIBUTION, List.of(wanted(key.keyId(), id))).extract().path("keys[0].key");
        assertArrayEquals(key.secret(), Base64.getDecoder().decode(held));

        send(EventType.CUSTOMER_CREATED, UUID.randomUUID(), id, "HOUSTON",
                SealedEvents.seal(EventType.CUSTOMER_CREATED, customer, key));
        String account = awaitSynced(id).accountNumber;
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "DSR-SYNC-KEYS", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(201);
        lookup(DISTRIBUTION, List.of(wanted(key.keyId(), id))).statusCode(200)
                .body("keys[0].status", equalTo("ERASED")).body("keys[0].key", nullValue());
    }

    @Test
    void aLookupHandsOverTheKeysEscrowedAfterItsCursorButNoErasedCustomersKey() {
        DataKey first = DataKey.generate();
        UUID firstCustomer = UUID.randomUUID();
        escrow(first, firstCustomer);
        ValidatableResponse latest = lookupAhead(first, firstCustomer, 500, null);
        latest.body("ahead.keyId", org.hamcrest.Matchers.hasItem(first.keyId().toString()));
        String cursor = latest.extract().path("ahead.find { it.keyId == '" + first.keyId() + "' }.escrowedAt");

        DataKey ahead = DataKey.generate();
        UUID notYetACustomer = UUID.randomUUID(); // a channel's key made ahead: its customer does not exist yet
        escrow(ahead, notYetACustomer);
        CustomerCreated erasedCustomer = newCustomer("HOUSTON");
        DataKey erasedKey = DataKey.generate();
        escrow(erasedKey, erasedCustomer.customerId());
        send(EventType.CUSTOMER_CREATED, UUID.randomUUID(), erasedCustomer.customerId(), "HOUSTON",
                SealedEvents.seal(EventType.CUSTOMER_CREATED, erasedCustomer, erasedKey));
        String account = awaitSynced(erasedCustomer.customerId()).accountNumber;
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "DSR-AHEAD", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(201);

        ValidatableResponse after = lookupAhead(first, firstCustomer, 500, cursor).statusCode(200);
        List<String> aheadIds = after.extract().path("ahead.keyId");
        assertTrue(aheadIds.contains(ahead.keyId().toString()), "the key escrowed after the cursor: " + aheadIds);
        assertFalse(aheadIds.contains(first.keyId().toString()), "not the key at the cursor");
        assertFalse(aheadIds.contains(erasedKey.keyId().toString()), "never an erased customer's key");
        String secret = after.extract().path("ahead.find { it.keyId == '" + ahead.keyId() + "' }.key");
        assertArrayEquals(ahead.secret(), Base64.getDecoder().decode(secret));
        assertEquals(notYetACustomer.toString(),
                after.extract().path("ahead.find { it.keyId == '" + ahead.keyId() + "' }.customerId"));
        lookupAhead(first, firstCustomer, 0, cursor).statusCode(200).body("ahead", nullValue());
        lookupAhead(first, firstCustomer, 501, cursor).statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theLookupIsDistributionsOnlyAndRefusesBadRequestsWithAProblem() {
        List<Map<String, String>> one = List.of(wanted(UUID.randomUUID(), UUID.randomUUID()));
        lookup(OPS, one).statusCode(403).contentType("application/problem+json");
        lookup(HOUSTON_RTS, one).statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("keys", one)).when().post("/api/v1/customer-keys/lookup")
                .then().statusCode(401);
        lookup(DISTRIBUTION, List.of()).statusCode(400).contentType("application/problem+json");
        given().header("Authorization", DISTRIBUTION).contentType(ContentType.JSON)
                .body("{\"keys\":[{\"keyId\":\"not-a-uuid\",\"customerId\":\"" + UUID.randomUUID() + "\"}]}")
                .when().post("/api/v1/customer-keys/lookup").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", DISTRIBUTION).contentType(ContentType.JSON)
                .body("{\"keys\":[{\"keyId\":\"" + UUID.randomUUID() + "\"}]}")
                .when().post("/api/v1/customer-keys/lookup").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", DISTRIBUTION).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(wanted(UUID.randomUUID(), UUID.randomUUID()))))
                .when().put("/api/v1/customer-keys").then().statusCode(403);
        // a cursor past any time the database holds (it answered 500): escrow times are in the past
        given().header("Authorization", DISTRIBUTION).contentType(ContentType.JSON)
                .body(Map.of("keys", one, "ahead", 5, "escrowedAfter", "+999999999-12-31T23:59:59Z"))
                .when().post("/api/v1/customer-keys/lookup").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("escrowedAfter"));
    }

    private static void assertHoldsNothingOf(CustomerCreated customer, byte[] record) {
        String text = new String(record, StandardCharsets.UTF_8);
        for (String personal : List.of(customer.firstName(), customer.lastName(), customer.email(), customer.phone(),
                customer.addresses().get(0).street())) {
            assertFalse(text.contains(personal), personal + " readable on " + Topics.CUSTOMER_SYNC + ": " + text);
        }
        assertTrue(text.contains("\"sealed\""), text);
    }

    private static List<ConsumerRecord<String, byte[]>> announcements(UUID id, int count) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(id.toString()), count, Duration.ofSeconds(30));
        assertEquals(count, records.size(), "announcements of " + id);
        return records;
    }

    private static Map<String, String> wanted(UUID keyId, UUID customerId) {
        return Map.of("keyId", keyId.toString(), "customerId", customerId.toString());
    }

    private static ValidatableResponse lookup(String authorization, List<Map<String, String>> keys) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(Map.of("keys", keys))
                .when().post("/api/v1/customer-keys/lookup").then();
    }

    private static ValidatableResponse lookupAhead(DataKey key, UUID customerId, int ahead, String escrowedAfter) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("keys", List.of(wanted(key.keyId(), customerId)),
                "ahead", ahead));
        if (escrowedAfter != null) {
            body.put("escrowedAfter", escrowedAfter);
        }
        return given().header("Authorization", DISTRIBUTION).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/customer-keys/lookup").then();
    }

    private static void escrow(DataKey key, UUID customerId) {
        given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                .body(Map.of("keys", List.of(Map.of("keyId", key.keyId().toString(), "customerId", customerId.toString(),
                        "key", Base64.getEncoder().encodeToString(key.secret())))))
                .when().put("/api/v1/customer-keys").then().statusCode(204);
    }

    private static long count(String sql, Object parameter) {
        return ((Number) query(sql, parameter)).longValue();
    }
}
