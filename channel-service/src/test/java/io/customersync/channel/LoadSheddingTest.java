package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/**
 * Two requests at once at most: the third is shed at once, even while the database does not answer,
 * the slots come back when the two end, and a refused client's connection is not read again until
 * the pause has passed (so clients that retry at once cannot turn the CPU into refusals).
 */
@QuarkusTest
@TestProfile(LoadSheddingTest.TwoAtOnce.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_shedding_test"))
class LoadSheddingTest {

    static final String BODY = "{\"firstName\":\"Ada\",\"lastName\":\"Shed\"}";
    static final Duration PAUSE = Duration.ofSeconds(2);

    @Inject
    DataSource dataSource;

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.max-in-flight", "2", "api.load-shedding.retry-after", "3s",
                    "api.load-shedding.connection-pause", PAUSE.toMillis() + "ms", "api.load-shedding.max-waiting", "0");
        }
    }

    @Test
    void aRequestBeyondTheLimitGets503WithRetryAfterAndTheLimitFreesUpWhenRequestsEnd() throws Exception {
        try (Socket finishing = UnfinishedPost.start(BODY); Socket abandoned = UnfinishedPost.start(BODY)) {
            // both bodies are unfinished: two requests in flight
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post()
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("title", org.hamcrest.Matchers.equalTo("Service Unavailable"))
                    .header("Retry-After", "3"));
            given().when().get("/q/health/live").then().statusCode(200);

            UnfinishedPost.finish(finishing, BODY);
            assertTrue(UnfinishedPost.statusLine(finishing.getInputStream()).contains(" 201 "), "the finished request was served");
            abandoned.close(); // a client that went away frees its slot too
        }
        try (Socket holding = UnfinishedPost.start(BODY)) {
            // one in flight now, if both earlier slots came back: a second request is served
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post().then().statusCode(201));
        }
    }

    @Test
    void openEventStreamsHoldNoSlot() throws Exception {
        String customerId = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/customers").then().statusCode(201).extract().path("customerId");
        try (Socket first = openStream(customerId); Socket second = openStream(customerId)) {
            // two streams wait for HQ's answer, as many as the limit: requests are still served
            post().then().statusCode(201);
            try (Socket third = openStream(customerId)) {
                post().then().statusCode(201);
            }
        }
    }

    /** An event stream answered (200, its first event read) and left open. */
    private static Socket openStream(String customerId) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /api/v1/customers/" + customerId + "/events HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + POS_HOUSTON + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        InputStream in = socket.getInputStream();
        String status = UnfinishedPost.statusLine(in);
        assertTrue(status.contains(" 200 "), status);
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains("\"status\":\"ASYNC\"")) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("stream closed after: " + seen);
            }
            seen.append((char) c);
        }
        return socket;
    }

    @Test
    void whileTheDatabaseDoesNotAnswerARequestBeyondTheLimitIsRefusedAtOnceAndTheAdmittedOneIsAnswered()
            throws Exception {
        ExecutorService till = Executors.newSingleThreadExecutor();
        CompletableFuture<Integer> admitted;
        try (Socket holding = UnfinishedPost.start(BODY); CustomerTableLock lock = CustomerTableLock.take(dataSource)) {
            admitted = CompletableFuture.supplyAsync(() -> post().statusCode(), till);
            lock.awaitBlockedWriter(); // the admitted customer waits for the database

            post().then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "3")
                    .body("detail", containsString("more than 2 requests at once"));
        } finally {
            till.shutdown();
        }
        assertEquals(201, admitted.get(30, TimeUnit.SECONDS), "what was admitted is answered once the database is back");
    }

    @Test
    void aRefusedConnectionIsNotReadAgainUntilThePauseHasPassed() throws Exception {
        try (Socket first = UnfinishedPost.start(BODY); Socket second = UnfinishedPost.start(BODY); Socket client = new Socket("localhost", RestAssured.port)) {
            client.setSoTimeout(30_000);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post().then().statusCode(503));
            OutputStream out = client.getOutputStream();
            out.write(request().getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(response(client.getInputStream()).contains(" 503 "));
            long refused = System.nanoTime();

            out.write(request().getBytes(StandardCharsets.UTF_8)); // retried at once, on the same connection
            out.flush();
            String again = response(client.getInputStream());

            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - refused);
            assertTrue(again.contains(" 503 "), again);
            assertTrue(waited >= PAUSE.toMillis() - 100, "the retry was read after " + waited + " ms");
        }
    }

    private static String request() {
        return "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY;
    }

    /** One whole HTTP/1.1 response with a Content-Length: its status line and headers. */
    private static String response(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c == -1) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) c);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int remaining = length.find() ? Integer.parseInt(length.group(1)) : 0;
        in.readNBytes(remaining);
        return head.toString();
    }

    private static io.restassured.response.Response post() {
        return given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/customers");
    }
}
