package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Every malformed body gets a 4xx problem, never a 5xx, and nothing is written. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_malformed_test"))
class MalformedBodiesTest {

    private static final Map<String, Object> VALID_ADDRESS = Map.of("street", "1 Main St", "city", "Houston",
            "zip", "77002", "country", "US", "purpose", "HOME");

    @Test
    void fiftyAndMoreMalformedCustomerBodiesEachGetA4xxAndNothingIsStored() {
        List<String> bodies = malformedBodies();
        assertTrue(bodies.size() >= 50, "cases: " + bodies.size());

        for (String body : bodies) {
            var response = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers").then().extract();
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " for " + body);
            assertEquals("application/problem+json", response.contentType(), "for " + body);
        }
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aFieldGivenTwiceIsRefusedWhateverTheSecondValue() {
        for (String second : List.of("\"b@example.com\"", "-2707729312", "null", "[1]")) {
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                    .body("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"a@example.com\",\"email\":" + second + "}")
                    .when().post("/api/v1/customers")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("email"))
                    .body("errors[0].message", org.hamcrest.Matchers.equalTo("appears more than once"));
        }
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        String huge = "{\"firstName\":\"" + "x".repeat(70 * 1024) + "\",\"lastName\":\"L\"}";
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(huge)
                .when().post("/api/v1/customers")
                .then().statusCode(413).contentType("application/problem+json")
                .body("title", org.hamcrest.Matchers.equalTo("Content Too Large"));
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedAndOneWithinItIsReadAndValidated() throws Exception {
        String huge = "{\"firstName\":\"" + "x".repeat(70 * 1024) + "\",\"lastName\":\"L\"}";
        HttpResponse<String> refused = postChunked(huge);
        assertEquals(413, refused.statusCode());
        assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
        assertTrue(refused.body().contains("\"status\":413"), refused.body());

        // within the limit the body is read and validated as usual (this one lacks lastName, so nothing is stored)
        HttpResponse<String> read = postChunked("{\"firstName\":\"Chunked\",\"lastName\":\" \"}");
        assertEquals(400, read.statusCode(), read.body());
        assertTrue(read.body().contains("\"field\":\"lastName\""), read.body());
    }

    /** A body of unknown length: the JDK client sends it chunked. */
    private static HttpResponse<String> postChunked(String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/customers"))
                .header("Authorization", POS_HOUSTON).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request,
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aMalformedUrlGetsA400ProblemOnAConnectionThatServesTheNextRequest() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8));
            String body = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}";
            // an empty 400 from Quarkus's HTTP layer until 2026-12-06, before any route could answer a problem
            for (String request : List.of("GET /api/v1/customers?q=100% HTTP/1.1", "GET /api/v1/customers?q={Ada} HTTP/1.1",
                    "POST /api/v1/customers/%zz/addresses HTTP/1.1", "GET /q/health?x=% HTTP/1.1")) {
                socket.getOutputStream().write((request + "\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String status = in.readLine();
                Map<String, String> headers = new HashMap<>();
                for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                    headers.put(line.substring(0, line.indexOf(':')).toLowerCase(), line.substring(line.indexOf(':') + 1).strip());
                }
                char[] answer = new char[Integer.parseInt(headers.get("content-length"))];
                for (int read = 0, n = 0; read < answer.length && n >= 0; read += Math.max(n, 0)) {
                    n = in.read(answer, read, answer.length - read);
                }
                assertTrue(status.contains(" 400 "), status + " for " + request);
                assertEquals("application/problem+json", headers.get("content-type"), request);
                assertTrue(new String(answer).contains("the URL is malformed"), new String(answer));
            }
        }
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
        // a path no operation took is counted as such, not as typed (an e-mail in it was on /q/metrics until 2026-12-06)
        given().header("Authorization", POS_HOUSTON).when().delete("/api/v1/customers/leak.probe@example.com")
                .then().statusCode(405);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(!metrics.contains("leak.probe") && !metrics.contains("Ada}"), "paths as typed on /q/metrics");
        assertTrue(metrics.contains("uri=\"/api/unmatched\""), "counted as unmatched");
    }

    @Test
    void aPathIdThatIsNoUuidIsNamedAndA405SaysWhichMethodsThePathHas() {
        // a number where the id goes: named, not a bare "HTTP 404"
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/HOUSTON-000000042")
                .then().statusCode(404).contentType("application/problem+json")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("customerId"))
                .body("detail", org.hamcrest.Matchers.startsWith("not an id"));
        // RFC 9110: a 405 carries Allow, and OPTIONS lists the path's methods only
        given().header("Authorization", POS_HOUSTON).when().delete("/api/v1/customers")
                .then().statusCode(405).contentType("application/problem+json")
                .header("Allow", "GET, HEAD, OPTIONS, POST");
        given().header("Authorization", POS_HOUSTON).when().put("/api/v1/customers/" + UUID.randomUUID())
                .then().statusCode(405).header("Allow", "GET, HEAD, OPTIONS, PATCH");
        given().header("Authorization", POS_HOUSTON).when().options("/api/v1/customers/" + UUID.randomUUID()
                + "/addresses/" + UUID.randomUUID()).then().statusCode(200).header("Allow", "DELETE, OPTIONS, PUT");
    }

    @Test
    void aBodyThatIsNotJsonAtAllIsUnsupported() {
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.XML).body("<customer/>")
                .when().post("/api/v1/customers")
                .then().statusCode(415).contentType("application/problem+json")
                .body("title", org.hamcrest.Matchers.equalTo("Unsupported Media Type"));
    }

    private static List<String> malformedBodies() {
        List<String> bodies = new ArrayList<>(List.of("", "{", "}", "[]", "null", "0", "\"text\"", "true",
                "{\"firstName\":\"A\",\"lastName\":\"B\"", "{firstName:\"A\"}", "{'firstName':'A'}",
                "{\"firstName\":\"A\",,\"lastName\":\"B\"}", "{\"firstName\":\"A\" \"lastName\":\"B\"}",
                "\u0000", "{\"firstName\":\"A\",\"lastName\":\"B\",\"addresses\":{}}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"addresses\":[null]}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"addresses\":[[]]}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":[]}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"k\":null}}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"\":\"v\"}}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"k\":{\"n\":1}}}",
                // half of a character (an unpaired surrogate): the attributes' json column refused it after HQ numbered a sync customer
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"note\":\"NOT_A_NJ\\udc003\"}}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"k\\ud83d\":\"v\"}}",
                "{\"firstName\":\"A\\ud800\",\"lastName\":\"B\"}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"addresses\":[{\"street\":\"\\udfff\",\"city\":\"Houston\","
                        + "\"zip\":\"77002\",\"country\":\"US\",\"purpose\":\"HOME\"}]}",
                // more than one JSON value: the first was created and the rest ignored (201) until 2026-12-06
                "{\"firstName\":\"A\",\"lastName\":\"B\"},{\"firstName\":\"C\",\"lastName\":\"D\"}",
                "{\"firstName\":\"A\",\"lastName\":\"B\"}garbage", "{\"firstName\":\"A\",\"lastName\":\"B\"}]"));
        Map<String, List<Object>> badValues = new HashMap<>();
        // a zero-width space passes @NotBlank; a bell or a scanner's group separator is not text a receipt can show
        badValues.put("firstName", List.of("", " ", "x".repeat(101), 42, List.of("A"), Map.of(), "\u200b", "Bob\u0007"));
        badValues.put("lastName", List.of("", "   ", "y".repeat(101), true, "\u200b\u200d", "Lee\u001d"));
        badValues.put("email", List.of("not-an-email", "a@", "@b.com", "a b@c.com", "x".repeat(250) + "@e.com", 7));
        badValues.put("phone", List.of("abc", "12", "+", "555-CALL-NOW", "1".repeat(40), List.of()));
        badValues.put("accountNumber", List.of("C000001"));
        badValues.put("status", List.of("SYNCED"));
        badValues.put("channelId", List.of("ONLINE"));
        badValues.put("customerId", List.of("6428dbe8-1114-4f02-aaa2-c267272fd8aa"));
        badValues.put("asyncCustomerNumber", List.of("HOUSTON-1"));
        badValues.put("unknownField", List.of("x"));
        for (var entry : badValues.entrySet()) {
            for (Object value : entry.getValue()) {
                Map<String, Object> body = new HashMap<>(Map.of("firstName", "Ada", "lastName", "Lovelace"));
                body.put(entry.getKey(), value);
                bodies.add(json(body));
            }
        }
        Map<String, List<Object>> badAddress = Map.of("street", List.of("", "s".repeat(201), "1 Main St\u001b"),
                "city", List.of("", "\ufeff"),
                "zip", List.of("", "9".repeat(21)), "country", List.of("usa", "us", "U1", ""),
                "purpose", List.of("MOON", "", 3), "hqAddressId", List.of(5));
        for (var entry : badAddress.entrySet()) {
            for (Object value : entry.getValue()) {
                Map<String, Object> address = new HashMap<>(VALID_ADDRESS);
                address.put(entry.getKey(), value);
                bodies.add(json(Map.of("firstName", "Ada", "lastName", "Lovelace", "addresses", List.of(address))));
            }
        }
        List<Object> elevenAddresses = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            elevenAddresses.add(VALID_ADDRESS);
        }
        bodies.add(json(Map.of("firstName", "Ada", "lastName", "Lovelace", "addresses", elevenAddresses)));
        Map<String, Object> manyAttributes = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            manyAttributes.put("k" + i, "v");
        }
        bodies.add(json(Map.of("firstName", "Ada", "lastName", "Lovelace", "attributes", manyAttributes)));
        return bodies;
    }

    private static String json(Object value) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
