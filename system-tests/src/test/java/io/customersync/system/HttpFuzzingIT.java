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
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Property-based fuzzing (jqwik) of every endpoint of the packaged services: generated bodies,
 * paths, query strings and headers, thousands of them. Bad input gets a 4xx, never a 5xx, and a
 * refused request stores nothing in the channel database.
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

    /** Where a request goes: which service, method, path (with a placeholder for a generated id). */
    record Endpoint(String service, String method, String path) {
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

    @Property(tries = 4000, shrinking = net.jqwik.api.ShrinkingMode.OFF)
    void badInputGetsA4xxNeverA5xxAndStoresNothing(@ForAll("requests") Tuple.Tuple5<Endpoint, String, String,
            Optional<String>, Optional<String>> request) throws Exception {
        Endpoint endpoint = request.get1();
        String path = endpoint.path().replace("{id}", request.get2().isEmpty() ? "x" : encode(request.get2()))
                .replace("{q}", encode(request.get2()));
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(URI.create(base(endpoint.service()) + path)).timeout(Duration.ofSeconds(20))
                    .method(endpoint.method(), endpoint.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(request.get3()));
            request.get4().ifPresent(auth -> builder.header("Authorization", auth));
            request.get5().ifPresent(type -> builder.header("Content-Type", type));
        } catch (IllegalArgumentException notSendable) {
            Assume.that(false); // a header or URI the HTTP client itself refuses to send
            return;
        }
        long[] before = stored();
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status >= 500) {
            throw new AssertionError(endpoint + " answered " + status + " to " + abbreviated(request.get3()) + ": "
                    + abbreviated(response.body()));
        }
        if (status >= 400 && !java.util.Arrays.equals(before, stored())) {
            throw new AssertionError(endpoint + " refused (" + status + ") but stored something: "
                    + abbreviated(request.get3()));
        }
    }

    @Provide
    Arbitrary<Tuple.Tuple5<Endpoint, String, String, Optional<String>, Optional<String>>> requests() {
        Arbitrary<Endpoint> endpoints = Arbitraries.of(ENDPOINTS);
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
                Arbitraries.create(() -> java.util.UUID.randomUUID().toString()),
                Arbitraries.of("' or 1=1 --", "../../etc/passwd", "%00", "-1", "99999999999999999999", "HOUSTON", "FAILED"));
        Arbitrary<String> bodies = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                jsonObjects(),
                jsonObjects().map(extra -> VALID_CUSTOMER.substring(0, VALID_CUSTOMER.length() - 1) + ","
                        + extra.substring(1)),
                Arbitraries.of(CUSTOMER_FIELDS).map(field -> VALID_CUSTOMER.replaceFirst("\"" + field + "\":\"[^\"]*\"",
                        "\"" + field + "\":" + "[1,{\"a\":null}]")),
                Arbitraries.integers().between(65, 200).map(kb -> "{\"firstName\":\"" + "x".repeat(kb * 1024) + "\"}"),
                Arbitraries.of("", "null", "[]", "{}", "{\"firstName\":", "\u0000", "{\"firstName\":\"\\ud800\"}"));
        Arbitrary<Optional<String>> keys = Arbitraries.oneOf(
                Arbitraries.of(Optional.of("Bearer " + RunningSystem.HOUSTON_POS), Optional.of("Bearer " + SystemLayout.OPS_KEY),
                        Optional.of("Bearer demo-rts-houston"), Optional.empty(), Optional.of("Basic YWRtaW46YWRtaW4=")),
                Arbitraries.strings().ofMaxLength(60).map(k -> Optional.of("Bearer " + k)));
        Arbitrary<Optional<String>> types = Arbitraries.oneOf(
                Arbitraries.of(Optional.of("application/json"), Optional.of("application/json; charset=UTF-16"),
                        Optional.of("text/plain"), Optional.of("application/xml"), Optional.empty()),
                Arbitraries.strings().ofMaxLength(40).map(Optional::of));
        return Combinators.combine(endpoints, ids, bodies, keys, types).as(Tuple::of);
    }

    private static Arbitrary<String> jsonObjects() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(50).map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
                Arbitraries.longs().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "1e999", "-0", "[null,[[]]]", "\"2026-02-30T25:00:00Z\""));
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(CUSTOMER_FIELDS), Arbitraries.strings().alpha().ofMaxLength(12));
        return Combinators.combine(names, values).as((n, v) -> "\"" + n + "\":" + v).list().ofMaxSize(8)
                .map(fields -> "{" + String.join(",", fields) + "}");
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
