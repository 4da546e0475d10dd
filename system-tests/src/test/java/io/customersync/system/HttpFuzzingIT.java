package io.customersync.system;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Randomized fuzzing of every endpoint of the packaged services: generated bodies, paths, query
 * strings and headers, thousands of them. Bad input gets a 4xx, never a 5xx, and a refused request
 * stores nothing in the channel database. Each run draws a new seed (printed, and named in any
 * failure); {@code -Dfuzz.seed=...} repeats a run, {@code -Dfuzz.requests=...} makes it longer.
 */
class HttpFuzzingIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<String> CUSTOMER_FIELDS = List.of("firstName", "lastName", "email", "phone", "addresses",
            "attributes", "street", "city", "state", "zip", "country", "purpose", "type", "customerId", "currency",
            "lines", "sku", "quantity", "unitPrice", "decision", "accountNumber", "channelId", "asyncCustomerNumber",
            "createdAt", "status");
    private static final String VALID_CUSTOMER = """
            {"firstName":"Fuzz","lastName":"Tester","email":"fuzz@example.com","phone":"+1 555 0100",
             "addresses":[{"street":"1 Main St","city":"Houston","state":"TX","zip":"77002","country":"US","purpose":"HOME"}]}""";
    private static final List<String> ODD_IDS = List.of("' or 1=1 --", "../../etc/passwd", "%00", "-1",
            "99999999999999999999", "HOUSTON", "FAILED");
    private static final List<String> ODD_BODIES = List.of("", "null", "[]", "{}", "{\"firstName\":", "\u0000",
            "{\"firstName\":\"\\ud800\"}");
    private static final List<String> ODD_JSON_VALUES = List.of("true", "false", "null", "[]", "{}", "1e999", "-0",
            "[null,[[]]]", "\"2026-02-30T25:00:00Z\"");
    /** Characters a generated string is drawn from besides any code unit: the ones parsers trip over. */
    private static final String TRICKY = "\"\\/{}[]:,' \t\r\n\u0000\u007f\u00e9\u2028\ud800\udc00\ufeff%&=?#;<>";

    /** Where a request goes: which service, method, path (with a placeholder for a generated id). */
    record Endpoint(String service, String method, String path) {
    }

    /** One generated request. */
    record FuzzRequest(Endpoint endpoint, String id, String body, String authorization, String contentType) {
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("HOUSTON", "POST", "/api/v1/customers"),
            new Endpoint("HOUSTON", "GET", "/api/v1/customers?q={q}&page={q}&size={q}"),
            new Endpoint("HOUSTON", "GET", "/api/v1/customers/{id}"),
            new Endpoint("HOUSTON", "PATCH", "/api/v1/customers/{id}"),
            new Endpoint("HOUSTON", "POST", "/api/v1/customers/{id}/addresses"),
            new Endpoint("HOUSTON", "POST", "/api/v1/transactions"),
            new Endpoint("HOUSTON", "GET", "/api/v1/transactions/{id}"),
            new Endpoint("hq", "POST", "/api/v1/rts/customers"),
            new Endpoint("hq", "GET", "/api/v1/staging?status={q}&limit={q}"),
            new Endpoint("hq", "GET", "/api/v1/staging/{id}"),
            new Endpoint("hq", "PATCH", "/api/v1/staging/{id}"),
            new Endpoint("hq", "POST", "/api/v1/staging/{id}/retry"),
            new Endpoint("hq", "POST", "/api/v1/staging/{id}/decision"),
            new Endpoint("hq", "GET", "/api/v1/jobs"),
            new Endpoint("distribution", "GET", "/api/v1/download-sessions?channelId={q}&status={q}&limit={q}"),
            new Endpoint("distribution", "POST", "/api/v1/channels/{q}/retry"),
            new Endpoint("distribution", "GET", "/api/v1/pipeline"));

    @Test
    void badInputGetsA4xxNeverA5xxAndStoresNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("fuzz.requests", 4000);
        System.out.printf("HttpFuzzingIT: %d requests, seed %d (-Dfuzz.seed=%d repeats them)%n", requests, seed, seed);
        Random random = new Random(seed);
        int sent = 0;
        for (int drawn = 0; sent < requests; drawn++) {
            FuzzRequest request = request(random);
            Optional<HttpRequest> http = build(request);
            if (http.isEmpty()) {
                continue; // a header or URI the HTTP client itself refuses to send
            }
            sent++;
            String where = " (seed " + seed + ", request " + drawn + ")";
            long[] before = stored();
            HttpResponse<String> response = HTTP.send(http.get(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 500) {
                throw new AssertionError(request.endpoint() + " answered " + status + where + " to "
                        + abbreviated(request.body()) + ": " + abbreviated(response.body()));
            }
            if (status >= 400 && !java.util.Arrays.equals(before, stored())) {
                throw new AssertionError(request.endpoint() + " refused (" + status + ") but stored something" + where
                        + ": " + abbreviated(request.body()));
            }
        }
    }

    private static Optional<HttpRequest> build(FuzzRequest request) throws Exception {
        Endpoint endpoint = request.endpoint();
        String path = endpoint.path().replace("{id}", request.id().isEmpty() ? "x" : encode(request.id()))
                .replace("{q}", encode(request.id()));
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base(endpoint.service()) + path))
                    .timeout(Duration.ofSeconds(20))
                    .method(endpoint.method(), endpoint.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(request.body()));
            if (request.authorization() != null) {
                builder.header("Authorization", request.authorization());
            }
            if (request.contentType() != null) {
                builder.header("Content-Type", request.contentType());
            }
            return Optional.of(builder.build());
        } catch (IllegalArgumentException notSendable) {
            return Optional.empty();
        }
    }

    private static FuzzRequest request(Random random) {
        return new FuzzRequest(pick(random, ENDPOINTS), id(random), body(random), authorization(random), contentType(random));
    }

    private static String id(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> text(random, 40);
            case 1 -> UUID.randomUUID().toString();
            default -> pick(random, ODD_IDS);
        };
    }

    private static String body(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> text(random, 300);
            case 1 -> jsonObject(random);
            case 2 -> VALID_CUSTOMER.substring(0, VALID_CUSTOMER.length() - 1) + "," + jsonObject(random).substring(1);
            case 3 -> {
                String field = pick(random, CUSTOMER_FIELDS);
                yield VALID_CUSTOMER.replaceFirst("\"" + field + "\":\"[^\"]*\"", "\"" + field + "\":[1,{\"a\":null}]");
            }
            case 4 -> "{\"firstName\":\"" + "x".repeat((65 + random.nextInt(136)) * 1024) + "\"}";
            default -> pick(random, ODD_BODIES);
        };
    }

    private static String authorization(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "Bearer " + RunningSystem.HOUSTON_POS;
            case 1 -> "Bearer " + SystemLayout.OPS_KEY;
            case 2 -> "Bearer demo-rts-houston";
            case 3 -> null;
            case 4 -> "Basic YWRtaW46YWRtaW4=";
            default -> "Bearer " + text(random, 60);
        };
    }

    private static String contentType(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "application/json";
            case 1 -> "application/json; charset=UTF-16";
            case 2 -> "text/plain";
            case 3 -> "application/xml";
            case 4 -> null;
            default -> text(random, 40);
        };
    }

    /** A JSON object of up to 8 fields: customer field names or random letters, values of any type. */
    private static String jsonObject(Random random) {
        List<String> fields = new ArrayList<>();
        for (int i = random.nextInt(9); i > 0; i--) {
            String name = random.nextBoolean() ? pick(random, CUSTOMER_FIELDS) : letters(random, 12);
            fields.add("\"" + name + "\":" + jsonValue(random));
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String jsonValue(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "\"" + text(random, 50).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            case 1 -> String.valueOf(random.nextLong() >> random.nextInt(64));
            case 2 -> String.valueOf(Double.longBitsToDouble(random.nextLong()));
            default -> pick(random, ODD_JSON_VALUES);
        };
    }

    /** Up to {@code maxLength} characters: mostly ASCII, some parser-tricky ones, some any UTF-16 code unit. */
    private static String text(Random random, int maxLength) {
        return chars(random, maxLength, r -> switch (r.nextInt(10)) {
            case 0, 1 -> TRICKY.charAt(r.nextInt(TRICKY.length()));
            case 2 -> (char) r.nextInt(Character.MAX_VALUE + 1);
            default -> (char) (' ' + r.nextInt(95));
        });
    }

    private static String letters(Random random, int maxLength) {
        return chars(random, maxLength, r -> (char) ((r.nextBoolean() ? 'a' : 'A') + r.nextInt(26)));
    }

    private static String chars(Random random, int maxLength, Function<Random, Character> next) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(next.apply(random));
        }
        return text.toString();
    }

    private static <T> T pick(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** What a refused request must not have changed: HOUSTON's own customers, addresses and sales. */
    private static long[] stored() throws Exception {
        try (Connection db = RunningSystem.get().connect("channel_houston"); Statement select = db.createStatement();
                ResultSet rs = select.executeQuery("""
                        select (select count(*) from customer where channel_id = 'HOUSTON' and not distributed),
                               (select count(*) from customer_address),
                               (select count(*) from retail_transaction)""")) {
            rs.next();
            return new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
        }
    }

    private static String base(String service) throws Exception {
        SystemLayout layout = RunningSystem.get().layout();
        int port = switch (service) {
            case "hq" -> layout.hqPort();
            case "distribution" -> layout.distributionPort();
            default -> layout.channelPorts().get(service);
        };
        return "http://localhost:" + port;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
