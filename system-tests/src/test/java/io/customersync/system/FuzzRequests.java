package io.customersync.system;

import static io.customersync.system.FuzzBodies.letters;
import static io.customersync.system.FuzzBodies.pick;
import static io.customersync.system.FuzzBodies.text;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.customersync.system.ApiDescriptions.Endpoint;
import io.customersync.system.ApiDescriptions.Param;

/**
 * Generates requests from the endpoints' descriptions, all drawn from one {@link Random}: the
 * right role's key mostly (the role the OpenAPI document names), sometimes another role's, another
 * service's, none or a made-up one; path ids mostly of records that exist (by their position in
 * {@link ExistingRecords}, so the same seed aims at the same records), sometimes another channel's,
 * random or odd ones; query parameters valid, absent or bad; bodies valid or mutated
 * ({@link FuzzBodies}); odd Content-Type, Accept and Idempotency-Key headers. The answers never
 * steer the generator: the same seed makes the same requests.
 */
final class FuzzRequests {

    /** One request; {@code faults} names what was done to it (empty: meant to be accepted). */
    record FuzzRequest(int number, Endpoint endpoint, String path, String method, Map<String, String> headers,
            String body, List<String> faults) {

        boolean meantToPass() {
            return faults.isEmpty();
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
            return "#" + number + " " + method + " " + endpoint.service() + " " + path + " " + faults + " headers "
                    + headers.keySet() + shown;
        }
    }

    private static final List<String> ODD_IDS = List.of("' or 1=1 --", "../../etc/passwd", "%00", "-1", "0",
            "99999999999999999999", "HOUSTON", "FAILED", "\u00e9\u202e", "null", "a".repeat(600));
    private static final List<String> BAD_QUERY_VALUES = List.of("-1", "0", "99999999999", "abc", "", "1.5",
            "%FF", "a\u0000b", "NOT_A_STATUS", "x".repeat(500), "true");
    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/json; charset=UTF-16", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
            "nonsense");

    private final List<Endpoint> endpoints;
    private final ExistingRecords records;
    private final Map<String, Map<String, String>> keysByService;
    private int number;

    /** @param keysByService service to role to key */
    FuzzRequests(List<Endpoint> endpoints, ExistingRecords records, Map<String, Map<String, String>> keysByService) {
        this.endpoints = endpoints;
        this.records = records;
        this.keysByService = keysByService;
    }

    FuzzRequest next(Random random) {
        Endpoint endpoint = pick(random, endpoints);
        List<String> faults = new ArrayList<>();
        String path = endpoint.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Param param : endpoint.params()) {
            switch (param.in()) {
                case "path" -> path = path.replace("{" + param.name() + "}",
                        encode(pathValue(random, endpoint, param, faults)));
                case "query" -> query(random, param, query, faults);
                case "header" -> header(random, param, headers, faults);
                default -> { }
            }
        }
        if (random.nextInt(25) == 0) {
            query.append(query.isEmpty() ? "?" : "&").append(encode(letters(random, 8))).append('=')
                    .append(encode(text(random, 20)));
        }
        authorization(random, endpoint, headers, faults);
        String body = null;
        if (endpoint.body() != null) {
            FuzzBodies.Body generated = new FuzzBodies(name -> valueFor(random, endpoint.service(), name))
                    .next(random, endpoint.body(), endpoint.components());
            body = generated.json();
            if (generated.mutation() != null) {
                faults.add(generated.mutation());
            }
            headers.put("Content-Type", random.nextInt(12) == 0 ? pick(random, CONTENT_TYPES) : "application/json");
            if (!headers.get("Content-Type").equals("application/json")) {
                faults.add("Content-Type " + headers.get("Content-Type"));
            }
        } else if (!endpoint.reads() && random.nextInt(10) == 0) {
            body = text(random, 200);
            headers.put("Content-Type", "application/json");
        }
        if (random.nextInt(30) == 0) {
            headers.put("Accept", pick(random, List.of("application/xml", "image/png", "text/html")));
            faults.add("Accept " + headers.get("Accept"));
        } else if (endpoint.eventStream()) {
            headers.put("Accept", "text/event-stream");
        }
        return new FuzzRequest(number++, endpoint, path + query, endpoint.method(), headers, body, List.copyOf(faults));
    }

    private String pathValue(Random random, Endpoint endpoint, Param param, List<String> faults) {
        List<String> existing = records.ids(endpoint.service(), param.name());
        int draw = random.nextInt(10);
        if (draw < 6 && !existing.isEmpty()) {
            return pick(random, existing);
        }
        if (draw == 6) {
            List<String> others = records.idsElsewhere(endpoint.service(), param.name());
            if (!others.isEmpty()) {
                faults.add("another channel's " + param.name());
                return pick(random, others);
            }
        }
        faults.add("unknown " + param.name());
        return switch (random.nextInt(3)) {
            case 0 -> new UUID(random.nextLong(), random.nextLong()).toString();
            case 1 -> pick(random, ODD_IDS);
            default -> text(random, 40);
        };
    }

    private void query(Random random, Param param, StringBuilder query, List<String> faults) {
        int draw = random.nextInt(10);
        if (draw < 5) {
            return;
        }
        String value;
        if (draw < 8) {
            Map<String, Object> schema = param.schema();
            List<Object> values = ApiDescriptions.list(schema.get("enum"));
            value = !values.isEmpty() ? String.valueOf(pick(random, values))
                    : schema.get("minimum") instanceof Number min ? String.valueOf(min.longValue() + random.nextInt(3))
                    : "boolean".equals(schema.get("type")) ? String.valueOf(random.nextBoolean())
                    : valueFor(random, "", param.name());
        } else {
            value = random.nextBoolean() ? pick(random, BAD_QUERY_VALUES) : text(random, 30);
            faults.add("query " + param.name());
        }
        query.append(query.isEmpty() ? "?" : "&").append(param.name()).append('=').append(encode(value));
    }

    private void header(Random random, Param param, Map<String, String> headers, List<String> faults) {
        int draw = random.nextInt(6);
        if (draw < 3) {
            return;
        }
        if (draw < 5) {
            headers.put(param.name(), "fuzz-" + random.nextInt(8)); // a few keys, so some are reused
        } else {
            // odd text an HTTP client sends (visible ASCII, spaces, tabs): the JDK's refuses other characters in a
            // header, and each request it refuses is one not sent (since If-Match came, 3.5-5.2 % of 1,000 by seed)
            headers.put(param.name(), random.nextBoolean() ? "x".repeat(1 + random.nextInt(400))
                    : text(random, 30).chars().filter(c -> c == '\t' || (c >= ' ' && c < 0x7f))
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
            faults.add("header " + param.name());
        }
    }

    private void authorization(Random random, Endpoint endpoint, Map<String, String> headers, List<String> faults) {
        Map<String, String> keys = keysByService.get(endpoint.service());
        List<String> right = keys.entrySet().stream().filter(k -> endpoint.roles().contains(k.getKey()))
                .map(Map.Entry::getValue).toList();
        List<String> wrong = keys.entrySet().stream().filter(k -> !endpoint.roles().contains(k.getKey()))
                .map(Map.Entry::getValue).toList();
        int draw = random.nextInt(20);
        if (draw < 15 && !right.isEmpty()) {
            headers.put("Authorization", "Bearer " + pick(random, right));
            return;
        }
        String value = switch (draw) {
            case 15, 16 -> wrong.isEmpty() ? null : "Bearer " + pick(random, wrong);
            case 17 -> {
                List<String> elsewhere = keysByService.values().stream().flatMap(k -> k.values().stream())
                        .filter(k -> !keys.containsValue(k)).distinct().sorted().toList();
                yield "Bearer " + (elsewhere.isEmpty() ? "demo-unknown" : pick(random, elsewhere));
            }
            case 18 -> random.nextBoolean() ? "Basic YWRtaW46YWRtaW4=" : "Bearer " + text(random, 60);
            default -> null;
        };
        faults.add("key");
        if (value != null) {
            headers.put("Authorization", value);
        }
    }

    /** A value for a property or parameter by its name: an existing record's id where one is known. */
    private String valueFor(Random random, String service, String name) {
        List<String> existing = records.ids(service, name);
        if (!existing.isEmpty()) {
            return pick(random, existing);
        }
        return switch (name) {
            case "email" -> "fuzz" + random.nextInt(5) + "@example.com";
            case "phone" -> "+1 555 01" + random.nextInt(10) + random.nextInt(10);
            case "customerId", "addressId", "transactionId" -> new UUID(random.nextLong(), random.nextLong()).toString();
            default -> "fuzz" + random.nextInt(100);
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
