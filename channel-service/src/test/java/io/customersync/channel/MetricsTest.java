package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class MetricsTest {

    @Test
    void theBacklogIsAtTheMetricsEndpoint() {
        createCustomer(POS_HOUSTON, ADA);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("customersync_outbox_backlog"))
                .body(matchesPattern("(?s).*customersync_customers\\{status=\"ASYNC\"} [1-9][0-9]*\\.0.*"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("customersync_group_commit_waiting"))
                .body(matchesPattern("(?s).*customersync_group_commit_customers_total [1-9][0-9]*\\.0.*"))
                .body(matchesPattern("(?s).*customersync_group_commit_commits_total [1-9][0-9]*\\.0.*"))
                .body(containsString("customersync_worker_up{worker=\"relay:p-job\"} 1.0"))
                .body(matchesPattern("(?s).*kafka_producer_[a-z_]+\\{[^}]*client_id=\"p-job\".*"));
    }

    @Test
    void everyWorkerIsInReadinessByName() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Background workers' }.data.keySet()",
                        hasItems("relay:p-job", "notify:customer-synced", "group-commit:1", "job:retention"));
    }
}
