package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.row;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The 1010 job in D365's rhythm: queued work waits until ops run the job. */
@QuarkusTest
@TestProfile(OnDemandJobTest.OnDemand.class)
@WithTestResource(ChannelDatabasesResource.class)
class OnDemandJobTest {

    public static class OnDemand implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distribution.job.mode", "ON_DEMAND", "distribution-consumer.group-id", "distribution-on-demand");
        }
    }

    @Test
    void anOnDemandJobDeliversOnlyWhenRun() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));
        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C400001"));

        Thread.sleep(3_000);
        assertEquals("ASYNC", row("HOUSTON", customerId).status(), "nothing delivered before the job runs");

        given().header("Authorization", "Bearer demo-ops").when().post("/api/v1/jobs/1010/run")
                .then().statusCode(202).body("mode", equalTo("ON_DEMAND"));
        assertEquals("C400001", awaitSynced("HOUSTON", customerId).accountNumber());

        // the run is in the job history in distribution's database, as the jobs API reads it
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", "Bearer demo-ops")
                .when().get("/api/v1/jobs/1010-HOUSTON/runs").then().statusCode(200).extract().<List<Object>>path("id")
                .size() >= 1);
        given().header("Authorization", "Bearer demo-ops").when().get("/api/v1/jobs/1010-HOUSTON/runs?limit=1")
                .then().statusCode(200)
                .body("[0].trigger", equalTo("ON_DEMAND"))
                .body("[0].requestedBy", equalTo("ops@*"))
                .body("[0].processed", equalTo(1));
        given().header("Authorization", "Bearer demo-ops").when().get("/api/v1/jobs").then().statusCode(200)
                .body("find { it.name == '1010-HOUSTON' }.mode", equalTo("ON_DEMAND"))
                .body("find { it.name == '1010-HOUSTON' }.lastRun.trigger", equalTo("ON_DEMAND"));
        given().header("Authorization", "Bearer demo-ops").when().get("/api/v1/jobs/no-such-job/runs")
                .then().statusCode(404);
    }
}
