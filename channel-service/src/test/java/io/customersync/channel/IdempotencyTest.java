package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class IdempotencyTest {

    @Test
    void aRetryWithTheSameKeyGetsTheFirstAnswerAndCreatesNothing() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("lastName", "Retry-" + key);

        ExtractableResponse<Response> first = create(key, body).statusCode(201).extract();
        ExtractableResponse<Response> retry = create(key, body).statusCode(201).extract();

        assertEquals(first.body().asString(), retry.body().asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        given().header("Authorization", POS_HOUSTON).queryParam("q", "Retry-" + key)
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1));
        String id = first.path("customerId");
        assertEquals(1, uploadsOf(id, 2, java.time.Duration.ofSeconds(5)).size(), "one upload, not two");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = UUID.randomUUID().toString();
        create(key, ADA).statusCode(201);

        Map<String, Object> other = new HashMap<>(ADA);
        other.put("firstName", "Someone else");
        create(key, other).statusCode(422)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aMalformedKeyIsRefused() {
        create("not a valid key!", ADA).statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        create("x".repeat(129), ADA).statusCode(400);
    }

    @Test
    void aQuotedKeyAsTheDraftSendsItIsAccepted() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("lastName", "Quoted-" + key);

        create("\"" + key + "\"", body).statusCode(201);

        given().header("Authorization", POS_HOUSTON).queryParam("q", "Quoted-" + key)
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1));
    }

    @Test
    void aQuotedKeyAndTheSameKeyBareAreOneKey() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("lastName", "Either-" + key);

        ExtractableResponse<Response> quoted = create("\"" + key + "\"", body).statusCode(201).extract();
        ExtractableResponse<Response> bare = create(key, body).statusCode(201).extract();

        assertEquals(quoted.body().asString(), bare.body().asString());
        assertEquals(quoted.header("Location"), bare.header("Location"));
        given().header("Authorization", POS_HOUSTON).queryParam("q", "Either-" + key)
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1));

        Map<String, Object> other = new HashMap<>(body);
        other.put("firstName", "Someone else");
        create("\"" + key + "\"", other).statusCode(422).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aMalformedQuotedKeyIsRefused() {
        for (String malformed : java.util.List.of("\"unterminated", "\"bad\\escape\"", "\"trailing\\\"",
                "\"key\";param=1", "\"\"", "\"a\\\"quote\"")) {
            create(malformed, ADA).statusCode(400)
                    .contentType("application/problem+json")
                    .body("title", equalTo("Bad Request"))
                    .body("errors[0].field", equalTo("Idempotency-Key"));
        }
    }

    private static io.restassured.response.ValidatableResponse create(String key, Map<String, Object> body) {
        return given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/customers").then();
    }
}
