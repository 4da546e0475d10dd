package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * HQ's answer as distribution-service writes it into the channel database (FAILED with the reason
 * code and fields to fix, ON_HOLD): GET, till search and the event stream show it, the stream ends
 * with it (not after its timeout), and a store edit sends a FAILED customer back to HQ.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CustomerStatusesTest {

    @Test
    void theStreamSendsIdRetryAndHeartbeatsAndEndsWithTheRefusal() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        Iterator<String> lines = stream(id).iterator();
        List<String> first = event(lines);
        assertTrue(first.stream().anyMatch(l -> l.matches("id: ?[0-9]+")), "an id: " + first);
        assertTrue(first.contains("retry:5000") || first.contains("retry: 5000"), "the retry: " + first);
        assertTrue(first.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"status\":\"ASYNC\"")), first.toString());

        List<String> heartbeat = event(lines); // nothing happens for a while: a comment line keeps the stream alive
        assertEquals(List.of(":heartbeat"), heartbeat);

        writeAsDistributionDoes(UUID.fromString(id), "FAILED", "REQUIRED_FIELDS_MISSING", "[\"email\", \"phone\"]");
        List<String> refused = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> nextData(lines));
        assertTrue(refused.stream().anyMatch(l -> l.contains("\"status\":\"FAILED\"")
                && l.contains("\"statusReason\":\"REQUIRED_FIELDS_MISSING\"")
                && l.contains("\"fieldsToFix\":[\"email\",\"phone\"]")), refused.toString());
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(20), lines::hasNext),
                "the stream ends with the refusal, not after its 5 minutes");
    }

    @Test
    void aHoldEndsTheStreamAndGetAndSearchShowIt() throws Exception {
        String lastName = "Held" + UUID.randomUUID().toString().substring(0, 8);
        String id = createCustomer(POS_HOUSTON, Map.of("firstName", "Ada", "lastName", lastName));
        Iterator<String> lines = stream(id).iterator();
        nextData(lines);

        writeAsDistributionDoes(UUID.fromString(id), "ON_HOLD", "POSSIBLE_DUPLICATE", "[]");

        assertTrue(assertTimeoutPreemptively(Duration.ofSeconds(20), () -> nextData(lines)).toString()
                .contains("\"status\":\"ON_HOLD\""));
        assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(20), lines::hasNext), "the hold ends the stream");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id).then().statusCode(200)
                .body("status", equalTo("ON_HOLD")).body("statusReason", equalTo("POSSIBLE_DUPLICATE"))
                .body("fieldsToFix", empty()).body("accountNumber", nullValue());
        given().header("Authorization", POS_HOUSTON).queryParam("q", lastName).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1))
                .body("items[0].status", equalTo("ON_HOLD"))
                .body("items[0].statusReason", equalTo("POSSIBLE_DUPLICATE"));
    }

    @Test
    void aFailedCustomerShowsTheFieldsToFixAndAStoreEditSendsItBackToHq() throws Exception {
        String lastName = "Refused" + UUID.randomUUID().toString().substring(0, 8);
        String id = createCustomer(POS_HOUSTON, Map.of("firstName", "Ada", "lastName", lastName));
        writeAsDistributionDoes(UUID.fromString(id), "FAILED", "REQUIRED_FIELDS_MISSING", "[\"email\"]");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id).then().statusCode(200)
                .body("status", equalTo("FAILED")).body("statusReason", equalTo("REQUIRED_FIELDS_MISSING"))
                .body("fieldsToFix", equalTo(List.of("email")));
        given().header("Authorization", POS_HOUSTON).queryParam("q", lastName).when().get("/api/v1/customers")
                .then().statusCode(200).body("items[0].status", equalTo("FAILED"))
                .body("items[0].fieldsToFix", equalTo(List.of("email")));

        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("email", "ada." + lastName.toLowerCase() + "@example.com"))
                .when().patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("status", equalTo("ASYNC")).body("statusReason", nullValue()).body("fieldsToFix", empty());
        ChannelRows.CustomerRow saved = ChannelRows.customer(id);
        assertEquals("ada." + lastName.toLowerCase() + "@example.com", saved.email());
        assertEquals("ASYNC", saved.status(), "saved as waiting for HQ again, not only answered so");
        assertNull(saved.syncReason());
        assertEquals(List.of(), saved.fieldsToFix());

        assertEquals(2, uploadsOf(id, 2).size(), "the edit is uploaded after the creation: HQ re-stages it");
    }

    private static Stream<String> stream(String id) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/api/v1/customers/" + id + "/events"))
                        .header("Authorization", POS_HOUSTON).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The lines of the next event (up to the blank line that ends it). */
    private static List<String> event(Iterator<String> lines) {
        List<String> event = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (!event.isEmpty()) {
                    return event;
                }
                continue;
            }
            event.add(line);
        }
        return event;
    }

    /** The next event that carries data (skipping heartbeats). */
    private static List<String> nextData(Iterator<String> lines) {
        List<String> event;
        do {
            event = event(lines);
        } while (!event.isEmpty() && event.stream().noneMatch(l -> l.startsWith("data:")));
        return event;
    }

    /** What distribution-service writes into the origin's channel database for HQ's refusal or hold (channel-schema/README.md). */
    static void writeAsDistributionDoes(UUID customerId, String status, String reason, String fieldsToFix) throws Exception {
        try (Connection db = PostgresServer.shared().connect("channel_api_test")) {
            db.setAutoCommit(false);
            try (PreparedStatement update = db.prepareStatement("""
                    update customer set status = ?, sync_reason = ?, fields_to_fix = cast(? as jsonb),
                        sync_status_at = now(), updated_at = now() where id = ?""");
                    PreparedStatement notify = db.prepareStatement("select pg_notify('customer_synced', ?)")) {
                update.setString(1, status);
                update.setString(2, reason);
                update.setString(3, fieldsToFix);
                update.setObject(4, customerId);
                update.executeUpdate();
                notify.setString(1, customerId.toString());
                notify.execute();
            }
            db.commit();
        }
    }
}
