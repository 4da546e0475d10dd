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

    /**
     * The fields of {@code answer}, a JSON object the service really sent, that its schema ({@code schema}, a name under
     * {@code components.schemas}) does not describe: null where the schema allows no null (a client generated from
     * the document takes the field for always present), or absent from the schema; objects and arrays of objects
     * followed through their {@code $ref} ("addresses[].state").
     */
    public static List<String> undescribedFields(String schema, Map<String, Object> answer) {
        Map<String, Map<String, Object>> schemas = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("components.schemas");
        List<String> found = new ArrayList<>();
        undescribed(schemas, schema, answer, "", found);
        return found;
    }

    @SuppressWarnings("unchecked")
    private static void undescribed(Map<String, Map<String, Object>> schemas, String schema, Map<String, Object> answer,
            String prefix, List<String> found) {
        Map<String, Object> properties = (Map<String, Object>) schemas.getOrDefault(schema, Map.of())
                .getOrDefault("properties", Map.of());
        answer.forEach((field, value) -> {
            Map<String, Object> property = (Map<String, Object>) properties.get(field);
            if (property == null) {
                found.add(prefix + field + " (not in " + schema + ")");
            } else if (value == null) {
                if (!allowsNull(property)) {
                    found.add(prefix + field + " (null)");
                }
            } else if (value instanceof Map<?, ?> object && reference(property) != null) {
                undescribed(schemas, reference(property), (Map<String, Object>) object, prefix + field + ".", found);
            } else if (value instanceof List<?> list && property.get("items") instanceof Map<?, ?> items
                    && reference((Map<String, Object>) items) != null) {
                list.stream().filter(Map.class::isInstance).forEach(element -> undescribed(schemas,
                        reference((Map<String, Object>) items), (Map<String, Object>) element, prefix + field + "[].", found));
            }
        });
    }

    /** OpenAPI 3.1's {@code type: [..., "null"]}, 3.0's {@code nullable: true}, or a {@code null} among anyOf / oneOf. */
    @SuppressWarnings("unchecked")
    private static boolean allowsNull(Map<String, Object> property) {
        Object type = property.get("type");
        if ("null".equals(type) || type instanceof List<?> types && types.contains("null")
                || Boolean.TRUE.equals(property.get("nullable"))) {
            return true;
        }
        for (String alternatives : List.of("anyOf", "oneOf")) {
            if (property.get(alternatives) instanceof List<?> list && list.stream().anyMatch(
                    alternative -> alternative instanceof Map<?, ?> m && allowsNull((Map<String, Object>) m))) {
                return true;
            }
        }
        return false;
    }

    /** The schema a property names: its {@code $ref}, or the first of its allOf / anyOf / oneOf that has one. */
    @SuppressWarnings("unchecked")
    private static String reference(Map<String, Object> property) {
        if (property.get("$ref") instanceof String ref) {
            return ref.substring(ref.lastIndexOf('/') + 1);
        }
        for (String alternatives : List.of("allOf", "anyOf", "oneOf")) {
            if (property.get(alternatives) instanceof List<?> list) {
                for (Object alternative : list) {
                    if (alternative instanceof Map<?, ?> m && reference((Map<String, Object>) m) != null) {
                        return reference((Map<String, Object>) m);
                    }
                }
            }
        }
        return null;
    }
}
