package io.customersync.distribution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** The OpenAPI document names the API-key scheme, and every API operation its problem+json refusals. */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class SecuredOpenApiTest {

    private static final String PROBLEM = "#/components/schemas/Problem";

    @Test
    void everyApiOperationNeedsAKeyAndListsItsProblemAnswers() {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.apiKey.type", equalTo("http"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("security[0].apiKey", equalTo(List.of()))
                .body("components.schemas.Problem.properties.status.type", equalTo("integer"))
                .body("paths.'/api/v1/pipeline'.get.responses.'401'.content.'application/problem+json'.schema.'$ref'",
                        equalTo(PROBLEM))
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        List<String> missing = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
            for (String status : List.of("401", "403", "429", "503")) {
                if (path.startsWith("/api/") && !PROBLEM.equals(document.getString("paths.'" + path + "'." + method
                        + ".responses.'" + status + "'.content.'application/problem+json'.schema.'$ref'"))) {
                    missing.add(method + " " + path + " " + status);
                }
            }
            assertFalse(responses.isEmpty(), path);
        }));
        assertFalse(paths.isEmpty());
        assertEquals(List.of(), missing, "API operations without a problem+json answer");
    }
}
