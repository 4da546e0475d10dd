package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.STOREFRONT_ONLINE;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
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
 * A storefront and a till edit the same customer: with the ETag of what it read as If-Match, the storefront's edit of
 * the attributes (replaced whole) is refused if the till changed the customer meanwhile, instead of removing the
 * till's key unnoticed (found by probing as a storefront); its sync does not count as a change.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class ConditionalEditTest {

    @Test
    void anEditBasedOnAVersionSomeoneChangedSinceIsRefusedAndChangesNothing() {
        String id = createCustomer(POS_HOUSTON, Map.of("firstName", "Lucía", "lastName", "Etag" + tag(),
                "attributes", Map.of("preferredLanguage", "es")));
        String read = etag(id);

        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of("preferredLanguage", "es", "loyaltyTier", "gold")))
                .when().patch("/api/v1/customers/" + id).then().statusCode(200);

        given().header("Authorization", POS_HOUSTON).header("If-Match", read).contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of("newsletter", "no")))
                .when().patch("/api/v1/customers/" + id)
                .then().statusCode(412).contentType("application/problem+json");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(200).body("attributes", equalTo(Map.of("preferredLanguage", "es", "loyaltyTier", "gold")));

        String now = etag(id);
        assertNotEquals(read, now, "the till's edit made a new version");
        String after = given().header("Authorization", POS_HOUSTON).header("If-Match", "\"other\", " + now)
                .contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of("preferredLanguage", "es", "loyaltyTier", "gold", "newsletter", "no")))
                .when().patch("/api/v1/customers/" + id)
                .then().statusCode(200).body("attributes.newsletter", equalTo("no")).extract().header("ETag");
        assertEquals(etag(id), after, "the answer's ETag is the new version's");
        assertNotEquals(now, after);

        // the storefront retries it (its answer was lost), the If-Match stale by now: made already, so 200 as it is
        given().header("Authorization", POS_HOUSTON).header("If-Match", now).contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of("preferredLanguage", "es", "loyaltyTier", "gold", "newsletter", "no")))
                .when().patch("/api/v1/customers/" + id)
                .then().statusCode(200).header("ETag", equalTo(after));
        given().header("Authorization", POS_HOUSTON).header("If-Match", now).contentType(ContentType.JSON)
                .body(Map.of("attributes", Map.of("newsletter", "yes"))) // not made: refused as before
                .when().patch("/api/v1/customers/" + id).then().statusCode(412);
    }

    @Test
    void itsSyncIsNotAChangeButAWeakTagNeverMatches() throws Exception {
        String id = createCustomer(POS_HOUSTON, Map.of("firstName", "Chloé", "lastName", "Etag" + tag()));
        String read = etag(id);
        try (Connection db = PostgresServer.shared().connect("channel_api_test");
                PreparedStatement sync = db.prepareStatement(
                        "update customer set status = 'SYNCED', account_number = ?, synced_at = now(), hq_version = 1 "
                                + "where id = ?")) { // as distribution-service writes it (channel-schema/README.md)
            sync.setString(1, "C" + tag());
            sync.setObject(2, UUID.fromString(id));
            sync.executeUpdate();
        }
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id).then()
                .body("status", equalTo("SYNCED")).header("ETag", equalTo(read));

        for (String malformed : List.of("", "garbage", "\"unterminated", read + " " + read, "*, " + read)) {
            given().header("Authorization", POS_HOUSTON).header("If-Match", malformed).contentType(ContentType.JSON)
                    .body(Map.of("lastName", "Malformed")).when().patch("/api/v1/customers/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("If-Match"));
        }
        given().header("Authorization", POS_HOUSTON).header("If-Match", "\"another\"").header("If-Match", read)
                .contentType(ContentType.JSON).body(Map.of("lastName", "TwoLines")).when()
                .patch("/api/v1/customers/" + id).then().statusCode(200);
        read = etag(id);
        given().header("Authorization", POS_HOUSTON).header("If-Match", "W/" + read).contentType(ContentType.JSON)
                .body(Map.of("lastName", "Weak")).when().patch("/api/v1/customers/" + id).then().statusCode(412);
        given().header("Authorization", POS_HOUSTON).header("If-Match", read).contentType(ContentType.JSON)
                .body(Map.of("lastName", "Strong")).when().patch("/api/v1/customers/" + id).then().statusCode(200);
        given().header("Authorization", POS_HOUSTON).header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("firstName", "Any")).when().patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("firstName", equalTo("Any")).body("lastName", equalTo("Strong"));
        // another channel's key learns nothing of it, ETag or not
        given().header("Authorization", STOREFRONT_ONLINE).header("If-Match", "*").contentType(ContentType.JSON)
                .body(Map.of("firstName", "X")).when().patch("/api/v1/customers/" + id).then().statusCode(404);
    }

    private static String etag(String id) {
        return given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(200).extract().header("ETag");
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
