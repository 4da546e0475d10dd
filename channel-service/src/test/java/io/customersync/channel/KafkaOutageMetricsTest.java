package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Kafka stopped: the till goes on, the backlog shows at /q/metrics, and drains once Kafka is back. */
@QuarkusTest
@WithTestResource(KafkaOutageResource.class)
class KafkaOutageMetricsTest {

    private static final Pattern BACKLOG = Pattern.compile("(?m)^customersync_outbox_backlog(?:\\{[^}]*})? ([0-9.]+)$");

    @Test
    void theBacklogShowsWhileKafkaIsStoppedAndDrainsAfterItRestarts() {
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog() == 0);
        KafkaOutageResource.kafka.stop();
        try {
            for (int i = 0; i < 3; i++) {
                createCustomer(POS_HOUSTON, ADA); // 201 each: a channel works with Kafka down
            }
            given().when().get("/q/health/ready").then().statusCode(200); // Kafka is not the till's readiness
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> backlog() >= 3);
        } finally {
            KafkaOutageResource.kafka.start();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> backlog() == 0);
    }

    private static double backlog() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = BACKLOG.matcher(metrics);
        assertTrue(matcher.find(), "no customersync_outbox_backlog in /q/metrics");
        return Double.parseDouble(matcher.group(1));
    }
}
