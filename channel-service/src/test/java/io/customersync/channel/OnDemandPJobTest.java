package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.OPS;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.EventType;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** The P-job on demand: a new customer waits in the outbox until ops run the job, then it is uploaded. */
@QuarkusTest
@TestProfile(OnDemandPJobTest.OnDemand.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_pjob_test"))
class OnDemandPJobTest {

    public static class OnDemand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("channel.pjob.mode", "ON_DEMAND");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void anOnDemandPJobUploadsOnlyWhenOpsRunIt() throws Exception {
        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(201).extract().path("customerId");

        Thread.sleep(2_000);
        assertTrue(unsent(id) > 0, "nobody ran the P-job yet");

        given().header("Authorization", POS_HOUSTON).when().post("/api/v1/jobs/p-job/run").then().statusCode(403);
        given().header("Authorization", OPS).when().post("/api/v1/jobs/p-job/run")
                .then().statusCode(202).body("mode", equalTo("ON_DEMAND"));

        await().atMost(Duration.ofSeconds(30)).until(() -> unsent(id) == 0);
        assertEquals(1, TopicReader.readUntil(KafkaBroker.shared().bootstrapServers(), EventType.CUSTOMER_CREATED.topic(),
                r -> id.equals(r.key()), 1, Duration.ofSeconds(30)).size());
        given().header("Authorization", OPS).when().post("/api/v1/jobs/no-such-job/run").then().statusCode(404);
    }

    private int unsent(String customerId) throws SQLException {
        try (Connection db = dataSource.getConnection(); PreparedStatement select = db.prepareStatement(
                "select count(*) from outbox_event where message_key = ? and sent_at is null")) {
            select.setString(1, customerId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
