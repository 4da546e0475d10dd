package io.customersync.channel;

import static io.customersync.channel.ChannelApi.post;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sync modes answer the till with what HQ decided (a real HTTP server stands in for HQ's
 * real-time service, answering as hq-service does): only no answer falls back to async.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_rts_test"))
@WithTestResource(HqStubResource.class)
class SyncModeAnswersTest {

    private static final String SYNC = "Bearer test-pos-syncstore";
    private static final String FALLBACK = "Bearer test-pos-fallbackstore";
    private static final List<String> BOTH_MODES = List.of(SYNC, FALLBACK);
    private static final Pattern CUSTOMER_ID = Pattern.compile("customer ([0-9a-f-]{36})");

    @Test
    void hqsRefusalIsTheTillsAnswerInBothModesAndSavesNothing() {
        for (String key : BOTH_MODES) {
            String tag = tag();
            post(key, "/api/v1/customers", customer(tag, "Refused")).statusCode(422)
                    .contentType("application/problem+json")
                    .body("detail", containsString("HQ requires an e-mail"))
                    .body("errors.field", hasItem("email"));
            assertEquals(0, found(key, tag), key);
        }
    }

    @Test
    void aHoldAtHqIsAConflictAndTheStoreKeepsTheCustomerOnHoldUnderTheIdHqHolds() {
        for (String key : BOTH_MODES) {
            String tag = tag();
            String detail = post(key, "/api/v1/customers", customer(tag, "Held")).statusCode(409)
                    .contentType("application/problem+json")
                    .body("detail", containsString("possible duplicate")).extract().path("detail");
            Matcher id = CUSTOMER_ID.matcher(detail);
            org.junit.jupiter.api.Assertions.assertTrue(id.find(), detail);
            given().header("Authorization", key).when().get("/api/v1/customers/" + id.group(1))
                    .then().statusCode(200).body("status", equalTo("ON_HOLD")).body("statusReason", equalTo("POSSIBLE_DUPLICATE"))
                    .body("firstName", equalTo(tag));
            assertEquals(1, uploadsOf(id.group(1), 1).size(), "uploaded once, for HQ to find staged");
            assertEquals(1, found(key, tag), key);
        }
    }

    @Test
    void hqRefusingTheChannelsCallIsNotAReasonToFallBack() {
        for (String key : BOTH_MODES) {
            String tag = tag();
            post(key, "/api/v1/customers", customer(tag, "Locked")).statusCode(503)
                    .contentType("application/problem+json").body("detail", containsString("HTTP 401"));
            assertEquals(0, found(key, tag), key);
        }
    }

    @Test
    void onlyNoAnswerFallsBack() {
        for (String lastName : List.of("Broken", "Slow")) {
            String tag = tag();
            post(FALLBACK, "/api/v1/customers", customer(tag, lastName)).statusCode(201)
                    .body("creationMode", equalTo("ASYNC_FALLBACK")).body("status", equalTo("ASYNC"));
            post(SYNC, "/api/v1/customers", customer(tag, lastName)).statusCode(503);
            assertEquals(0, found(SYNC, tag), lastName);
        }
    }

    @Test
    void aCustomerHqNumberedIsSavedSyncedAndNeverBecomesASecondAsyncOne() {
        String tag = tag();
        post(FALLBACK, "/api/v1/customers", customer(tag, "Numbered")).statusCode(201)
                .body("creationMode", equalTo("SYNC")).body("accountNumber", equalTo("C900001"))
                // HQ's version comes with its answer: its announcement may reach the store before the row is saved
                .body("hqVersion", equalTo(1));

        String failed = tag();
        post(FALLBACK, "/api/v1/customers", customer(failed, "Overlong")).statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("HQ numbered the customer"));
        assertEquals(0, found(FALLBACK, failed), "no async customer after HQ numbered it");
    }

    @Test
    void halfOfACharacterIsRefusedBeforeHqIsAskedToNumberTheCustomer() {
        // found by HttpFuzzingIT: HQ numbered it, then the channel database's json column refused "\udc00"
        String tag = tag();
        post(SYNC, "/api/v1/customers", "{\"firstName\":\"" + tag + "\",\"lastName\":\"Numbered\","
                + "\"attributes\":{\"note\":\"NOT_A_NJ\\udc003\"}}").statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("attributes.note"))
                .body("errors[0].message", containsString("half of a character"));
        assertEquals(0, found(SYNC, tag));
    }

    @Test
    void aCustomerTheSyncEventPlacedBeforeTheStoreSavedItIsTheTillsAnswer() {
        for (String key : BOTH_MODES) {
            post(key, "/api/v1/customers", customer(tag(), "PlacedFirst")).log().ifValidationFails().statusCode(201)
                    .body("creationMode", equalTo("SYNC")).body("accountNumber", equalTo("C900002"))
                    .body("status", equalTo("SYNCED"));
        }
    }

    private static Map<String, Object> customer(String firstName, String lastName) {
        return Map.of("firstName", firstName, "lastName", lastName);
    }

    private static String tag() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static int found(String key, String firstName) {
        return given().header("Authorization", key).queryParam("q", firstName).when().get("/api/v1/customers")
                .then().statusCode(200).extract().path("total");
    }
}
