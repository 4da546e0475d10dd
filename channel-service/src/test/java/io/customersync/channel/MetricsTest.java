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

    /**
     * How long the oldest ASYNC customer has waited, whether or not any converts (HQ answers nothing here): the figure
     * an HQ stall shows at once, while the conversion latency counts converted customers only (found by probing).
     */
    @Test
    void theOldestAsyncCustomersWaitIsAtTheMetricsEndpoint() throws Exception {
        createCustomer(POS_HOUSTON, ADA);
        Thread.sleep(1_100);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        java.util.regex.Matcher waited = java.util.regex.Pattern.compile(
                "(?m)^customersync_customer_oldest_async_seconds ([0-9.E]+)$").matcher(metrics);
        org.junit.jupiter.api.Assertions.assertTrue(waited.find(), "no gauge of the oldest ASYNC customer's wait");
        org.junit.jupiter.api.Assertions.assertTrue(Double.parseDouble(waited.group(1)) >= 1.0, waited.group());
    }

    @Test
    void everyWorkerIsInReadinessByName() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Background workers' }.data.keySet()",
                        hasItems("relay:p-job", "notify:customer-synced", "group-commit:1", "job:retention"));
    }
}
