package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.api.LoadShedding;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * With the channel database unreachable (it refuses connections, and the service's open ones are
 * cut) and the admission limit taken by two requests, every further request is refused with the
 * ready-made 503: the very bytes built at start, with Retry-After, for a request with a valid key and
 * body as for one with no key and a body that is not JSON. So the refusal is decided before
 * authentication and before the body is read or parsed, and touches no database.
 */
@QuarkusTest
@TestProfile(RefusalWithoutDatabaseTest.TwoAtOnce.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = RefusalWithoutDatabaseTest.DATABASE))
class RefusalWithoutDatabaseTest {

    static final String DATABASE = "channel_refusal_test";
    static final String BODY = "{\"firstName\":\"Ada\",\"lastName\":\"Refused\"}";

    @Inject
    LoadShedding loadShedding;

    public static class TwoAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // no connection pause: each refusal here comes on a new connection anyway
            return Map.of("api.load-shedding.max-in-flight", "2", "api.load-shedding.retry-after", "3s",
                    "api.load-shedding.connection-pause", "0ms", "api.load-shedding.max-waiting", "0");
        }
    }

    @Test
    void whileTheDatabaseIsUnreachableRefusalsAreTheReadyMadeAnswerWithoutAuthenticationJsonOrDatabase()
            throws Exception {
        try (Socket first = startPost(); Socket second = startPost()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> post(POS_HOUSTON, BODY).statusCode() == 503);
            cutDatabase(true);
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(
                        () -> given().when().get("/q/health/ready").then().statusCode(503));
                long before = loadShedding.refusals();

                assertReadyMadeRefusal(post(POS_HOUSTON, BODY));
                assertReadyMadeRefusal(post(null, "{\"firstName\": not json"));
                assertReadyMadeRefusal(post("Bearer not-a-key", BODY));

                assertEquals(before + 3, loadShedding.refusals(), "each refusal counted, and only those");
            } finally {
                cutDatabase(false);
            }
        }
        // the slots come back and the database is reachable again: customers are created again
        await().atMost(Duration.ofSeconds(30)).until(() -> post(POS_HOUSTON, BODY).statusCode() == 201);
    }

    private void assertReadyMadeRefusal(Response response) {
        assertEquals(503, response.statusCode(), response.asString());
        assertEquals("application/problem+json", response.contentType());
        assertEquals("3", response.header("Retry-After"));
        byte[] body = response.asByteArray();
        assertArrayEquals(loadShedding.refusalBody(), body, "the body built at start");
        assertTrue(new String(body, StandardCharsets.UTF_8).contains("more than 2 requests at once"));
    }

    /** Makes the test's database refuse new connections and ends the open ones (true), or lets them in again. */
    private static void cutDatabase(boolean cut) throws SQLException {
        try (Connection admin = PostgresServer.shared().connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS " + !cut);
            if (cut) {
                sql.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
            }
        }
    }

    private static Response post(String key, String body) {
        var request = given().contentType("application/json").body(body);
        if (key != null) {
            request = request.header("Authorization", key);
        }
        return request.when().post("/api/v1/customers");
    }

    /** A POST whose headers and first body byte are sent, the rest not yet: it holds a slot. */
    private static Socket startPost() throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        String head = "POST /api/v1/customers HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + POS_HOUSTON
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY.charAt(0);
        socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }
}
