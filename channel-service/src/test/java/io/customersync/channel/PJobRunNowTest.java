package io.customersync.channel;

import static io.customersync.channel.ChannelApi.OPS;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.restassured.RestAssured.given;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The continuous P-job (the default) is in the jobs list and can be run now too: the run goes
 * through its job runner to the relay's loop and is in the job history like any other.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class PJobRunNowTest {

    @Inject
    DataSource dataSource;

    @Test
    void aContinuousPJobIsListedAndItsRunNowIsRecordedWithWhoAskedForIt() throws Exception {
        given().header("Authorization", OPS).when().get("/api/v1/jobs").then().statusCode(200)
                .body("[0].name", equalTo("p-job")).body("[0].mode", equalTo("CONTINUOUS"));
        JobHistory reader = new JobHistory(dataSource, Duration.ofMinutes(1), Duration.ofMinutes(10));
        long before = reader.recent("p-job", 500).stream().filter(run -> "ON_DEMAND".equals(run.trigger())).count();

        given().header("Authorization", OPS).when().post("/api/v1/jobs/p-job/run")
                .then().statusCode(202).body("mode", equalTo("CONTINUOUS"));

        await().atMost(Duration.ofSeconds(30)).until(() -> reader.recent("p-job", 500).stream()
                .filter(run -> "ON_DEMAND".equals(run.trigger())).count() == before + 1);
        JobRun run = reader.recent("p-job", 1).get(0);
        assertEquals("ON_DEMAND", run.trigger());
        assertEquals("ops@*", run.requestedBy());
        assertEquals(null, run.failure(), "the relay's loop answered");
        List<String> triggers = given().header("Authorization", OPS).when().get("/api/v1/jobs/p-job/runs?limit=1")
                .then().statusCode(200).extract().path("trigger");
        assertEquals(List.of("ON_DEMAND"), triggers);
    }
}
