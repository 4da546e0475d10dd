package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.HOME;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
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
        String asyncNumber = first.path("asyncCustomerNumber");
        assertEquals(1, ChannelRows.count("select count(*) from customer where id = ? and async_customer_number = ?",
                UUID.fromString(id), asyncNumber), "the answer kept with the key shows the async number saved: "
                + asyncNumber);
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
    void anEmptyKeyIsRefusedNotTakenForNoKey() {
        String marker = "Empty-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("lastName", marker);

        create("", body).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        String customerId = createCustomer(POS_HOUSTON, ADA);
        keyed("", "/api/v1/transactions", Map.of("type", "CASH_AND_CARRY", "customerId", customerId, "currency", "USD",
                "lines", List.of(Map.of("sku", "TEA-1", "quantity", 1, "unitPrice", 3.25)))).statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));

        assertEquals(0, ChannelRows.count("select count(*) from customer where last_name = ?", marker),
                "a till whose key came out empty is told so, not given a new customer at every retry");
        assertEquals(0, ChannelRows.count("select count(*) from retail_transaction where customer_id = ?",
                UUID.fromString(customerId)), "nor a sale recorded without the key it meant to send");
    }

    @Test
    void aRequestWithTwoKeysIsRefusedAndSavesNothing() {
        String marker = "TwoKeys" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("lastName", marker);

        given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", "first-" + marker)
                .header("Idempotency-Key", "second-" + marker).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].message", equalTo("sent more than once: one key a request"));
        assertEquals(0, ChannelRows.count("select count(*) from customer where last_name = ?", marker));
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

    @Test
    void aRetriedKeyedSaleGetsTheFirstAnswerAndIsRecordedOnceWithItsLinesInOrder() {
        String customerId = createCustomer(POS_HOUSTON, ADA);
        String key = UUID.randomUUID().toString();
        Map<String, Object> sale = Map.of("type", "CASH_AND_CARRY", "customerId", customerId, "currency", "USD",
                "lines", List.of(Map.of("sku", "TEA-1", "quantity", 2, "unitPrice", 3.25),
                        Map.of("sku", "CUP-9", "quantity", 1, "unitPrice", 10)));

        ExtractableResponse<Response> first = keyed(key, "/api/v1/transactions", sale).statusCode(201).extract();
        ExtractableResponse<Response> retry = keyed(key, "/api/v1/transactions", sale).statusCode(201).extract();

        assertEquals(1, ChannelRows.count("select count(*) from retail_transaction where customer_id = ?",
                UUID.fromString(customerId)), "one sale, not two");
        assertEquals(first.body().asString(), retry.body().asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        String transactionId = first.path("transactionId");
        assertEquals(2, ChannelRows.count("select count(*) from retail_transaction_line where transaction_id = ?",
                UUID.fromString(transactionId)));
        assertEquals(1, ChannelRows.count("""
                select count(*) from retail_transaction t
                join retail_transaction_line first on first.transaction_id = t.id and first.line_number = 0
                join retail_transaction_line second on second.transaction_id = t.id and second.line_number = 1
                where t.id = ? and t.total = 16.5 and t.currency = 'USD' and t.type = 'CASH_AND_CARRY'
                  and first.sku = 'TEA-1' and first.quantity = 2 and first.unit_price = 3.25
                  and second.sku = 'CUP-9' and second.quantity = 1 and second.unit_price = 10""",
                UUID.fromString(transactionId)), "the sale and its lines as stored, in order");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/transactions/" + transactionId)
                .then().statusCode(200).body("customerId", equalTo(customerId)).body("total", equalTo(16.5f))
                .body("lines.sku", equalTo(List.of("TEA-1", "CUP-9")))
                .body("lines.quantity", equalTo(List.of(2f, 1f)))
                .body("lines.unitPrice", equalTo(List.of(3.25f, 10f)));
    }

    @Test
    void aRetriedKeyedAddressGetsTheFirstAnswerAndIsAddedOnce() {
        String customerId = createCustomer(POS_HOUSTON, ADA);
        String key = UUID.randomUUID().toString();
        String addresses = "/api/v1/customers/" + customerId + "/addresses";

        ExtractableResponse<Response> first = keyed(key, addresses, HOME).statusCode(201).extract();
        ExtractableResponse<Response> retry = keyed(key, addresses, HOME).statusCode(201).extract();

        assertEquals(2, ChannelRows.count("select count(*) from customer_address where customer_id = ?",
                UUID.fromString(customerId)), "the first address and one added, not two");
        assertEquals(first.body().asString(), retry.body().asString());
        assertEquals(first.header("Location"), retry.header("Location"));
        // the customer's ETag, as a GET answers it, so that the till can edit it next (since 2026-12-06)
        String read = given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + customerId).then()
                .statusCode(200).extract().header("ETag");
        assertEquals(read, first.header("ETag"));
        assertEquals(read, retry.header("ETag"));
        List<ChannelRows.AddressRow> saved = ChannelRows.customer(customerId).addresses();
        assertEquals(List.of("1 Main St", "9 Elm St"), saved.stream().map(ChannelRows.AddressRow::street).toList());
        assertEquals(first.path("addresses[1].addressId"), saved.get(1).id().toString(), "the address answered");
        assertEquals(1, ChannelRows.count("""
                select count(*) from customer_address where id = ? and customer_id = ? and position = 1
                  and street = '9 Elm St' and city = 'Austin' and state = 'TX' and zip = '73301' and country = 'US'
                  and purpose = 'DELIVERY' and hq_address_id is null""", saved.get(1).id(), UUID.fromString(customerId)),
                "every field of the added address as stored");
    }

    private static io.restassured.response.ValidatableResponse keyed(String key, String path, Object body) {
        return given().header("Authorization", POS_HOUSTON).header("Idempotency-Key", key)
                .contentType(ContentType.JSON).body(body)
                .when().post(path).then();
    }

    private static io.restassured.response.ValidatableResponse create(String key, Map<String, Object> body) {
        return keyed(key, "/api/v1/customers", body);
    }
}
