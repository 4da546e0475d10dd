package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;

/** Two requests at once at most: the third is shed at once, and the slots come back when the two end. */
@QuarkusTest
@TestProfile(LoadSheddingTest.TwoAtOnce.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_shedding_test"))
class LoadSheddingTest {

    static final String BODY = "{\"firstName\":\"Ada\",\"lastName\":\"Shed\"}";

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.max-in-flight", "2", "api.load-shedding.retry-after", "3s");
        }
    }

    @Test
    void aRequestBeyondTheLimitGets503WithRetryAfterAndTheLimitFreesUpWhenRequestsEnd() throws Exception {
        try (Socket finishing = startPost(); Socket abandoned = startPost()) {
            // both bodies are unfinished: two requests in flight
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post()
                    .then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "3"));
            given().when().get("/q/health/live").then().statusCode(200);

            OutputStream out = finishing.getOutputStream();
            out.write(BODY.substring(1).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertTrue(statusLine(finishing.getInputStream()).contains(" 201 "), "the finished request was served");
            abandoned.close(); // a client that went away frees its slot too
        }
        try (Socket holding = startPost()) {
            // one in flight now, if both earlier slots came back: a second request is served
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> post().then().statusCode(201));
        }
    }

    private static io.restassured.response.Response post() {
        return given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(BODY)
                .when().post("/api/v1/customers");
    }

    /** A POST whose headers and first body byte are sent, the rest not yet. */
    private static Socket startPost() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        socket.setSoTimeout(10_000);
        String head = "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY.charAt(0);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }
}
