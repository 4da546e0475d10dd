package io.customersync.channel;

import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A till's retry of a sync-mode POST with the same {@code Idempotency-Key} never makes a second
 * customer at HQ or in the store, whatever became of the first try: HQ did not answer in time but
 * numbered the customer, the key's answer was undone after the customer was saved, HQ held it. A real
 * HTTP server stands in for HQ's real-time service ({@link HqStubResource}), keyed by customer id as
 * hq-service is.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_rts_test"))
@WithTestResource(HqStubResource.class)
class SyncModeRetriesTest {

    private static final String SYNC = "Bearer test-pos-syncstore";
    private static final Pattern CUSTOMER_ID = Pattern.compile("customer ([0-9a-f-]{36})");

    @Test
    void aRetryAfterHqDidNotAnswerOffersHqTheSameCustomerAndGetsItsAccountNumber() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = customer(tag(), "SlowOnce");
        post(key, body).statusCode(503).contentType("application/problem+json");
        // HQ numbered the customer it was offered first; the retry offers the same one and hears its number
        post(key, body).statusCode(201).body("accountNumber", equalTo("C900001")).body("creationMode", equalTo("SYNC"));
        assertEquals(1, found(body));
    }

    @Test
    void aRetryOfAnAnsweredKeyIsAnsweredByTheStoreAndTheKeyWithAnotherRequestRefusedWithoutAskingHq() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = customer(tag(), "Counted");
        String first = post(key, body).statusCode(201).body("creationMode", equalTo("SYNC")).extract().asString();

        assertEquals(first, post(key, body).statusCode(201).extract().asString(), "the first answer, byte for byte");
        Map<String, Object> another = customer(tag(), "Counted");
        post(key, another).statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        assertEquals(1, HqStubResource.counted((String) body.get("firstName")), "HQ asked for the first try only");
        assertEquals(0, HqStubResource.counted((String) another.get("firstName")), "nor for the other request");
        assertEquals(1, found(body));
    }

    @Test
    void aKeyWhoseRequestHqRefusedCarriesTheCorrectedRequest() {
        String key = UUID.randomUUID().toString();
        String firstName = tag();
        post(key, customer(firstName, "Refused")).statusCode(422).body("errors[0].field", equalTo("email"));

        Map<String, Object> corrected = customer(firstName, "Counted");
        post(key, corrected).statusCode(201).body("creationMode", equalTo("SYNC"));
        assertEquals(1, found(corrected));
    }

    @Test
    void aRetryAfterTheKeysAnswerWasUndoneAnswersTheCustomerSavedBefore() throws SQLException {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = customer(tag(), "Numbered");
        String id = post(key, body).statusCode(201).extract().path("customerId");
        forget(key); // as when the key's transaction was undone after the customer committed (a time-out, a crash)

        post(key, body).statusCode(201).body("customerId", equalTo(id)).body("accountNumber", equalTo("C900001"))
                .body("status", equalTo("SYNCED"));
        assertEquals(1, found(body));
    }

    @Test
    void aHoldKeepsTheHeldCustomerWithTheKeyAndARetryHearsTheSameAnswer() throws SQLException {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = customer(tag(), "Held");
        String detail = post(key, body).statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("customerId")).extract().path("detail");
        Matcher id = CUSTOMER_ID.matcher(detail);
        assertTrue(id.find(), detail);
        given().header("Authorization", SYNC).when().get("/api/v1/customers/" + id.group(1))
                .then().statusCode(200).body("status", equalTo("ON_HOLD"));

        post(key, body).statusCode(409).contentType("application/problem+json").body("detail", equalTo(detail));
        forget(key);
        post(key, body).statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("customer " + id.group(1)));
        assertEquals(1, found(body));
        assertEquals(1, uploadsOf(id.group(1), 1).size(), "uploaded once, for HQ to find staged");
    }

    @Test
    void aRetryOfACustomerErasedSinceIsGone() throws SQLException {
        String heldKey = UUID.randomUUID().toString();
        Map<String, Object> held = customer(tag(), "Held");
        Matcher heldId = CUSTOMER_ID.matcher(post(heldKey, held).statusCode(409).extract().<String> path("detail"));
        assertTrue(heldId.find());
        String syncedKey = UUID.randomUUID().toString();
        Map<String, Object> synced = customer(tag(), "Numbered");
        String syncedId = post(syncedKey, synced).statusCode(201).extract().path("customerId");
        erase(heldId.group(1));
        erase(syncedId);

        post(heldKey, held).statusCode(410).contentType("application/problem+json"); // the kept 409 became a 410
        forget(syncedKey);
        post(syncedKey, synced).statusCode(410).contentType("application/problem+json"); // found erased, not a 201
    }

    private static void erase(String customerId) throws SQLException {
        try (Connection db = PostgresServer.shared().connect("channel_rts_test");
                PreparedStatement erase = db.prepareStatement("select erase_customer(id, channel_id, async_customer_number,"
                        + " account_number, 1, now(), false) from customer where id = ?")) {
            erase.setObject(1, UUID.fromString(customerId));
            erase.execute();
        }
    }

    private static ValidatableResponse post(String key, Map<String, Object> body) {
        return given().header("Authorization", SYNC).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/customers").then();
    }

    private static void forget(String key) throws SQLException {
        try (Connection db = PostgresServer.shared().connect("channel_rts_test");
                PreparedStatement delete = db.prepareStatement("delete from idempotency_key where idempotency_key = ?")) {
            delete.setString(1, key);
            assertEquals(1, delete.executeUpdate());
        }
    }

    private static Map<String, Object> customer(String firstName, String lastName) {
        return Map.of("firstName", firstName, "lastName", lastName, "addresses",
                java.util.List.of(ChannelApi.HOME));
    }

    private static String tag() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static int found(Map<String, Object> body) {
        return given().header("Authorization", SYNC).queryParam("q", body.get("firstName")).when().get("/api/v1/customers")
                .then().statusCode(200).extract().path("total");
    }
}
