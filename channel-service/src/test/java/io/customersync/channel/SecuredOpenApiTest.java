package io.customersync.channel;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.OpenApiChecks;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document names the API-key scheme, and every API operation its problem+json refusals. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class SecuredOpenApiTest {

    @Test
    void everyApiOperationNeedsAKeyAndListsItsSuccessAndProblemAnswers() {
        assertEquals(List.of(), OpenApiChecks.operationsNotFullyDescribed("'/api/v1/customers'.post"),
                "API operations without a success answer or a problem+json answer");
    }

    /**
     * What the API really answers is what its document says: every field of a customer as created and read, of a
     * copy-less ASYNC customer (no account number, version or sync time yet), of its address without an HQ id, and
     * of a sale, is in its schema, and every null among them is declared nullable (none was until 2026-12-06: a
     * generated client took accountNumber for always present).
     */
    @Test
    void everyFieldAndNullTheApiAnswersIsInItsDocument() {
        Map<String, Object> body = new java.util.HashMap<>(ChannelApi.ADA);
        body.remove("email");
        body.put("addresses", List.of(Map.of("street", "1 Main St", "city", "Houston", "zip", "77002", "country", "US",
                "purpose", "HOME")));
        Map<String, Object> created = ChannelApi.post(ChannelApi.POS_HOUSTON, "/api/v1/customers", body).statusCode(201)
                .extract().jsonPath().getMap("");
        assertEquals(List.of(), OpenApiChecks.undescribedFields("CustomerResponse", created));
        Map<String, Object> read = given().header("Authorization", ChannelApi.POS_HOUSTON)
                .when().get("/api/v1/customers/" + created.get("customerId")).then().statusCode(200)
                .extract().jsonPath().getMap("");
        assertEquals(List.of(), OpenApiChecks.undescribedFields("CustomerResponse", read));
        Map<String, Object> sale = ChannelApi.post(ChannelApi.POS_HOUSTON, "/api/v1/transactions", Map.of(
                "type", "CASH_AND_CARRY", "customerId", created.get("customerId"), "currency", "USD",
                "lines", List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", 2.5)))).statusCode(201)
                .extract().jsonPath().getMap("");
        assertEquals(List.of(), OpenApiChecks.undescribedFields("TransactionResponse", sale));
    }

    /** The phone's pattern in the document refuses what the service refuses (a JSON Schema pattern is unanchored). */
    @Test
    void thePhonePatternOfTheDocumentRefusesWhatTheServiceRefuses() {
        for (String schema : List.of("CreateCustomerRequest", "UpdateCustomerRequest")) {
            java.util.regex.Pattern phone = java.util.regex.Pattern.compile(given().queryParam("format", "json")
                    .when().get("/q/openapi").then().statusCode(200).extract().jsonPath()
                    .getString("components.schemas." + schema + ".properties.phone.pattern"));
            assertEquals(List.of(true, true, false, false), List.of("+1 713 555 0101", "", "not a phone", "1234").stream()
                    .map(text -> phone.matcher(text).find()).toList(), schema);
        }
    }
}
