package io.customersync.channel;

import static io.customersync.channel.WebhookFixture.rows;
import static io.customersync.channel.WebhookFixture.storedSecret;
import static io.customersync.channel.WebhookFixture.subscribe;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The ops API of the storefront webhook: the secret is shown once, bad input is a 400 that writes nothing. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = WebhookFixture.DATABASE))
class WebhookSubscriptionApiTest {

    private static final String URL = "https://shop.example.com/hooks/customers";

    @AfterEach
    void unsubscribe() {
        WebhookFixture.unsubscribe("ONLINE");
    }

    @Test
    void theSecretIsAnsweredAtCreationAndNeverAfter() throws Exception {
        String secret = subscribe("ONLINE", URL, List.of("customer.synced", "customer.changed")).statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/webhooks/ONLINE"))
                .body("url", equalTo(URL)).body("events", equalTo(List.of("customer.synced", "customer.changed")))
                .body("secret", startsWith("whsec_")).extract().path("secret");
        assertEquals(secret, storedSecret("ONLINE"));

        String one = ops().when().get("/api/v1/webhooks/ONLINE").then().statusCode(200)
                .body("channelId", equalTo("ONLINE")).extract().asString();
        String all = ops().when().get("/api/v1/webhooks").then().statusCode(200).extract().asString();
        for (String body : List.of(one, all)) {
            assertFalse(body.contains(secret), body);
            assertFalse(body.contains("secret"), body);
        }
        assertNull(ops().when().get("/api/v1/webhooks/ONLINE").then().extract().path("secret"));

        subscribe("ONLINE", URL + "/other", List.of("customer.synced")).statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("channelId"));
        assertEquals(secret, storedSecret("ONLINE"), "a refused second subscription changes nothing");
        ops().when().get("/api/v1/webhooks/ONLINE").then().body("url", equalTo(URL));
    }

    @Test
    void badInputIsAProblem400AndWritesNothing() throws Exception {
        List<Map<String, Object>> bad = List.of(
                Map.of("channelId", "ONLINE", "url", "ftp://shop.example.com/hooks"),
                Map.of("channelId", "ONLINE", "url", "not a url"),
                Map.of("channelId", "ONLINE", "url", "https://shop.example.com/a|b"),
                Map.of("channelId", "ONLINE"),
                Map.of("channelId", "no channel!", "url", URL),
                Map.of("url", URL),
                Map.of("channelId", "ONLINE", "url", URL, "events", List.of("customer.deleted")),
                Map.of("channelId", "ONLINE", "url", URL, "events", List.of()),
                Map.of("channelId", "ONLINE", "url", URL, "secret", "mine"),
                Map.of("channelId", "ONLINE", "url", "https://" + "a".repeat(2000) + ".example.com"));
        for (Map<String, Object> body : bad) {
            ops().contentType(ContentType.JSON).body(body).when().post("/api/v1/webhooks").then()
                    .statusCode(400).contentType("application/problem+json");
        }
        ops().contentType(ContentType.JSON).body("{\"channelId\":").when().post("/api/v1/webhooks").then()
                .statusCode(400).contentType("application/problem+json");
        ops().queryParam("status", "LOST").when().get("/api/v1/webhooks/ONLINE/deliveries").then()
                .statusCode(400).contentType("application/problem+json");
        ops().when().post("/api/v1/webhooks/ONLINE/deliveries/not-a-uuid/replay").then().statusCode(404);
        assertEquals(0, rows("webhook_subscription"));
    }

    @Test
    void onlyOpsManageWebhooks() throws Exception {
        given().header("Authorization", ChannelApi.STOREFRONT_ONLINE).contentType(ContentType.JSON)
                .body(Map.of("channelId", "ONLINE", "url", URL)).when().post("/api/v1/webhooks").then().statusCode(403);
        given().header("Authorization", ChannelApi.STOREFRONT_ONLINE).when().get("/api/v1/webhooks").then().statusCode(403);
        assertEquals(0, rows("webhook_subscription"));
        // a channel no till or storefront key of this channel-service belongs to: its news never come here
        ops().contentType(ContentType.JSON).body(Map.of("channelId", "NOWHERE", "url", URL)).when()
                .post("/api/v1/webhooks").then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("channelId"));
        assertEquals(0, rows("webhook_subscription"));
        ops().when().get("/api/v1/webhooks/ONLINE").then().statusCode(404).contentType("application/problem+json");
        ops().when().delete("/api/v1/webhooks/ONLINE").then().statusCode(404).contentType("application/problem+json");
    }

    private static io.restassured.specification.RequestSpecification ops() {
        return given().header("Authorization", ChannelApi.OPS);
    }
}
