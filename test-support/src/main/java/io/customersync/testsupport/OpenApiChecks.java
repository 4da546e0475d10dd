package io.customersync.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.path.json.JsonPath;

/**
 * What every service's OpenAPI document must say: the API-key scheme applies to all, and every API
 * operation lists its success answer (a client generated from the document takes an undeclared 201 for an error:
 * the creating POSTs had none until 2026-12-06) and its problem+json refusals (401, 403, 429, 503). Called by each
 * service's test against its running application.
 */
public final class OpenApiChecks {

    private static final String PROBLEM = "#/components/schemas/Problem";
    private static final List<String> REFUSALS = List.of("401", "403", "429", "503");

    private OpenApiChecks() {
    }

    /**
     * Reads {@code /q/openapi} and returns the operations under /api/ without a success answer ("post
     * /api/v1/customers (no 2xx)") or a problem+json answer for a refusal ("post /api/v1/customers 429"); fails at once if the document lacks the scheme or the
     * {@code sampleOperation} (e.g. {@code "'/api/v1/jobs'.get"}) its 401.
     */
    public static List<String> operationsNotFullyDescribed(String sampleOperation) {
        JsonPath document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("components.securitySchemes.apiKey.type", equalTo("http"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("security[0].apiKey", equalTo(List.of()))
                .body("components.schemas.Problem.properties.status.type", equalTo("integer"))
                .body("paths." + sampleOperation + ".responses.'401'.content.'application/problem+json'.schema.'$ref'",
                        equalTo(PROBLEM))
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = document.getMap("paths");
        if (paths == null || paths.isEmpty()) {
            throw new AssertionError("the OpenAPI document lists no paths");
        }
        List<String> missing = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (operation.get("responses") == null) {
                missing.add(method + " " + path + " (no responses at all)");
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (path.startsWith("/api/") && responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
                missing.add(method + " " + path + " (no 2xx)");
            }
            for (String status : REFUSALS) {
                if (path.startsWith("/api/") && !PROBLEM.equals(document.getString("paths.'" + path + "'." + method
                        + ".responses.'" + status + "'.content.'application/problem+json'.schema.'$ref'"))) {
                    missing.add(method + " " + path + " " + status);
                }
            }
        }));
        return missing;
    }
}
