package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.HqRows.query;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.AsyncAddress;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.EventType;
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
 * Erasure at HQ (docs/privacy.md): the master customer becomes anonymous at its next version, its
 * staged upload, match keys and stored outbox payloads lose its data, the erasure is recorded, a
 * CustomerErased event goes out; asking again changes nothing; a later edit or upload revives nothing.
 * The export lists what HQ holds and says that the channel databases could not be asked here.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class CustomerErasureTest {

    @Test
    void erasureAnonymisesTheMasterRemovesStagingAndPayloadsRecordsItOnceAndRefusesLaterChanges() {
        CustomerCreated customer = newCustomer("HOUSTON");
        UUID id = customer.customerId();
        upload(UUID.randomUUID(), customer);
        String account = awaitSynced(id).accountNumber;
        assertTrue(count("select count(*) from customer_match_key where account_number = ?", account) > 0);
        assertTrue(count("select count(*) from outbox_event where message_key = ?", id.toString()) > 0);

        given().header("Authorization", OPS).when().get("/api/v1/customers/" + account + "/personal-data")
                .then().statusCode(200).body("customerId", equalTo(id.toString()))
                .body("hq.data.master.email", equalTo(customer.email()))
                .body("hq.data.staging.upload.phone", equalTo(customer.phone()))
                .body("hq.data.erasure", nullValue()).body("hq.source", notNullValue())
                // no distribution-service in this test: listed as unavailable, not an error
                .body("channelsUnavailable", notNullValue());

        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-1", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + id + "/erasure")
                .then().statusCode(201).body("accountNumber", equalTo(account)).body("version", equalTo(2))
                .body("requestReference", equalTo("GDPR-1"));

        Customer master = master(account);
        assertEquals(CustomerErased.ANONYMOUS_FIRST_NAME, master.firstName);
        assertEquals(CustomerErased.ANONYMOUS_LAST_NAME, master.lastName);
        assertNull(master.email);
        assertNull(master.phone);
        assertTrue(master.attributes.isEmpty());
        assertEquals(2L, master.version, "the erasure is the customer's next version");
        assertEquals(id, master.customerId, "account number and customer id stay");
        assertEquals(0, count("select count(*) from customer_match_key where account_number = ?", account));
        assertEquals(0, count("select count(*) from customer_address where account_number = ? and street <> '-'", account));
        assertNoPersonalData(customer, id);
        assertEquals(1, count("select count(*) from customer_erasure where customer_id = ?", id));
        CustomerErased erased = erasure(id);
        assertEquals(2L, erased.version());
        assertEquals(account, erased.accountNumber());
        assertEquals(1, count("select count(*) from outbox_event where message_key = ?", id.toString()),
                "the customer's stored events are purged; the erasure event alone is left");

        // asking again answers the same erasure and changes nothing
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-2", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure")
                .then().statusCode(200).body("requestReference", equalTo("GDPR-1")).body("version", equalTo(2));
        assertEquals(2L, master(account).version);
        assertEquals(1, count("select count(*) from outbox_event where message_key = ?", id.toString()));

        // an edit made at a store before the erasure reached it, an address, and the upload replayed: nothing revives
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "HOUSTON", new CustomerUpdated(id, "HOUSTON",
                customer.firstName(), customer.lastName(), customer.email(), customer.phone(), Map.of(), Instant.now(),
                1L, List.of("firstName", "lastName", "email", "phone")));
        send(EventType.ADDRESS_ADDED, UUID.randomUUID(), id, "HOUSTON", new AddressAdded(id, "HOUSTON",
                new AsyncAddress(UUID.randomUUID(), "9 Elm St", "Austin", "TX", "73301", "US", "DELIVERY"), Instant.now()));
        upload(UUID.randomUUID(), customer);
        // one more edit, after the replayed upload on the customer's partition: when it is refused, all were taken
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), id, "ONLINE", new CustomerUpdated(id, "ONLINE",
                customer.firstName(), customer.lastName(), customer.email(), customer.phone(), Map.of(), Instant.now(),
                null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from staging_history where customer_id = ? and status = 'REFUSED'", id) == 3);
        Customer after = master(account);
        assertEquals(CustomerErased.ANONYMOUS_FIRST_NAME, after.firstName);
        assertNull(after.email);
        assertEquals(2L, after.version);
        assertNoPersonalData(customer, id);
        assertEquals(0, count("select count(*) from customer_address where account_number = ? and street = '9 Elm St'",
                account));

        given().header("Authorization", OPS).when().get("/api/v1/customers/" + id + "/personal-data")
                .then().statusCode(200).body("hq.data.master.firstName", equalTo("Erased"))
                .body("hq.data.erasure.requestReference", equalTo("GDPR-1"));
    }

    @Test
    void anUnknownCustomerIs404AndABadRequestIs400WritingNothing() {
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-3", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/C999999999/erasure").then().statusCode(404);
        CustomerCreated customer = newCustomer("HOUSTON");
        upload(UUID.randomUUID(), customer);
        String account = awaitSynced(customer.customerId()).accountNumber;
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(Map.of("requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("requestReference", "GDPR-4", "requestedBy", "x"))
                .when().post("/api/v1/customers/" + account + "/erasure").then().statusCode(401);
        assertEquals(customer.email(), master(account).email);
        assertEquals(0, count("select count(*) from customer_erasure where customer_id = ?", customer.customerId()));
    }

    /** Nothing in HQ's staging, outbox or master still holds the customer's name, e-mail or phone. */
    private static void assertNoPersonalData(CustomerCreated customer, UUID id) {
        AsyncCustomerStaging staged = QuarkusTransaction.requiringNew()
                .call(() -> HqRows.staged(id));
        for (String value : List.of(customer.email(), customer.phone(), customer.addresses().get(0).street())) {
            assertFalse(staged.payload.contains(value), "staging payload still holds " + value);
            assertEquals(0, count("select count(*) from outbox_event where payload::text like ?", "%" + value + "%"),
                    "an outbox payload still holds " + value);
            assertEquals(0, count("select count(*) from customer where ? in (email, phone)", value));
        }
    }

    private static Customer master(String accountNumber) {
        return QuarkusTransaction.requiringNew().call(() -> HqRows.customer(accountNumber));
    }

    private static long count(String sql, Object parameter) {
        return ((Number) query(sql, parameter)).longValue();
    }

    private static CustomerErased erasure(UUID id) {
        var records = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(id.toString()) && new String(r.value(), StandardCharsets.UTF_8).contains("erasedAt"),
                1, Duration.ofSeconds(30));
        assertEquals(1, records.size(), "the erasure event on " + Topics.CUSTOMER_SYNC);
        try {
            return EventJson.read(records.get(0).value(), CustomerErased.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
