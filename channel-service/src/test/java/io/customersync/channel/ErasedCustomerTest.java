package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.HOME;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A customer HQ erased (docs/privacy.md), as distribution-service's role erases it through the channel
 * schema's {@code erase_customer}: the channel answers 410 Gone for it (read, edit, address, events, and
 * a retried POST with its Idempotency-Key), the till search leaves it out, and its row holds no data.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class ErasedCustomerTest {

    @Test
    void anErasedCustomerIsGoneForTheChannelAndARetriedPostDoesNotCreateItAgain() throws Exception {
        Map<String, Object> body = new HashMap<>(ADA);
        String lastName = "Erasable" + UUID.randomUUID().toString().substring(0, 8);
        body.put("lastName", lastName);
        body.put("email", lastName + "@example.com");
        String key = "erase-" + UUID.randomUUID();
        String id = given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body).when().post("/api/v1/customers")
                .then().statusCode(201).extract().path("customerId");
        given().header("Authorization", POS_HOUSTON).queryParam("q", lastName).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1));

        String requestHash = requestHash(key);
        eraseAsDistributionDoes(UUID.fromString(id), "C888888", 2);

        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(410).contentType(containsString("application/problem+json"))
                .body("status", equalTo(410)).body("title", equalTo("Gone"));
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(Map.of("lastName", "Back"))
                .when().patch("/api/v1/customers/" + id).then().statusCode(410);
        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(410);
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(HOME)
                .when().put("/api/v1/customers/" + id + "/addresses/" + UUID.randomUUID()).then().statusCode(410);
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id + "/events")
                .then().statusCode(410);
        given().header("Authorization", POS_HOUSTON).queryParam("q", lastName).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(0));
        // the till retries its first POST with the same key: the stored answer says Gone, no new customer
        given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/customers").then().statusCode(410)
                .contentType(containsString("application/problem+json")).body("instance", equalTo("/api/v1/customers"))
                .body("errors", org.hamcrest.Matchers.empty()); // as every problem has them (api-conventions.md)
        // the stored answer keeps no hash of the request, which would confirm a guess of the customer's data (V21)
        assertNotEquals(requestHash, requestHash(key));
        body.put("email", "someone.else@example.com");
        given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body(body).when().post("/api/v1/customers").then().statusCode(410);

        try (Connection db = PostgresServer.shared().connect("channel_api_test")) {
            assertEquals(0, count(db, "select count(*) from customer where last_name like ? or email like ?", lastName));
            assertEquals(0, count(db, "select count(*) from idempotency_key where body like ? or body like ?", lastName));
            assertEquals(0, count(db, "select count(*) from outbox_event where payload::text like ? or payload::text like ?",
                    lastName));
            assertEquals(0, count(db, "select count(*) from outbox_event where message_key = '" + id + "' and event_type <> '"
                    + io.customersync.contracts.EventType.TRANSACTION_RECORDED.ceType() + "' and ? <> ''", lastName),
                    "no stored upload of the customer (their bodies are sealed: the search above cannot tell)");
            assertEquals(0, count(db, "select count(*) from customer_data_key where customer_id = '" + id
                    + "' and ? <> ''", lastName), "its data key is destroyed");
            assertEquals(0, count(db, "select count(*) from customer_address where customer_id = '" + id
                    + "' and street not like ?", "-"));
        }
    }

    private static void eraseAsDistributionDoes(UUID id, String accountNumber, long version) throws Exception {
        try (Connection db = DriverManager.getConnection(PostgresServer.shared().jdbcUrl("channel_api_test"),
                "customer_distribution", "not-needed-locally");
                PreparedStatement erase = db.prepareStatement("select erase_customer(?, 'HOUSTON', ?, ?, ?, ?, false)")) {
            erase.setObject(1, id);
            erase.setString(2, asyncNumber(id));
            erase.setString(3, accountNumber);
            erase.setLong(4, version);
            erase.setTimestamp(5, Timestamp.from(Instant.now()));
            erase.execute();
        }
    }

    private static String requestHash(String key) throws Exception {
        return text("select request_hash from idempotency_key where idempotency_key = ?", key);
    }

    private static String asyncNumber(UUID id) throws Exception {
        return text("select async_customer_number from customer where id = ?", id);
    }

    private static String text(String sql, Object parameter) throws Exception {
        try (Connection db = PostgresServer.shared().connect("channel_api_test");
                PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long count(Connection db, String sql, String value) throws Exception {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 1; i <= select.getParameterMetaData().getParameterCount(); i++) {
                select.setString(i, "%" + value + "%");
            }
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
