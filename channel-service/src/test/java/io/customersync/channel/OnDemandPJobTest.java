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
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.EventType;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The P-job on demand: a new customer waits in the outbox until ops run the job, then it is
 * uploaded; the run is in the job history in the channel database, with who asked and how many it
 * uploaded, as the jobs API and any other reader of that database see it.
 */
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

        await().atMost(Duration.ofSeconds(30)).until(() -> !history().recent("p-job", 10).isEmpty());
        JobRun run = history().recent("p-job", 10).get(0);
        assertEquals("ON_DEMAND", run.trigger());
        assertEquals("ops@*", run.requestedBy());
        assertTrue(run.processed() >= 1, "it uploaded the waiting customer: " + run);
        assertEquals(null, run.failure());

        given().header("Authorization", OPS).when().get("/api/v1/jobs").then().statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].name", equalTo("p-job"))
                .body("[0].mode", equalTo("ON_DEMAND"))
                .body("[0].lastRun.id", equalTo(run.id().intValue()))
                .body("[0].lastRun.trigger", equalTo("ON_DEMAND"))
                .body("[0].lastRun.requestedBy", equalTo("ops@*"))
                .body("[0].lastRun.processed", equalTo(run.processed()));
        List<Integer> ids = given().header("Authorization", OPS).when().get("/api/v1/jobs/p-job/runs?limit=5")
                .then().statusCode(200).extract().path("id");
        assertEquals(history().recent("p-job", 5).stream().map(r -> r.id().intValue()).toList(), ids,
                "the API and a second reader of the channel database see the same runs");
        given().header("Authorization", OPS).when().get("/api/v1/jobs/no-such-job/runs").then().statusCode(404);
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/jobs").then().statusCode(403);
    }

    /** A reader of its own on the channel database, as another instance or this one after a restart. */
    private JobHistory history() {
        return new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(10));
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
