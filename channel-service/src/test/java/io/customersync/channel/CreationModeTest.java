package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.post;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Functionality profiles with HQ's real-time service away (nothing listens where the test profile
 * points it). The answered SYNC path, with a real hq-service, is in the system tests.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CreationModeTest {

    @Test
    void anAsyncChannelNeverCallsHq() {
        post(POS_HOUSTON, "/api/v1/customers", ADA).statusCode(201)
                .body("creationMode", equalTo("ASYNC")).body("status", equalTo("ASYNC"));
    }

    @Test
    void syncWithAsyncFallbackCreatesTheCustomerAsyncWhenHqDoesNotAnswer() {
        String id = post("Bearer test-pos-fallbackstore", "/api/v1/customers", ADA).statusCode(201)
                .body("creationMode", equalTo("ASYNC_FALLBACK"))
                .body("status", equalTo("ASYNC"))
                .body("accountNumber", nullValue())
                .body("channelId", equalTo("FALLBACKSTORE"))
                .extract().path("customerId");

        assertEquals(1, uploadsOf(id, 1).size(), "the fallback customer is uploaded like any async one");
    }

    @Test
    void syncModeWithoutFallbackSaysHqIsUnavailableAndSavesNothing() {
        post("Bearer test-pos-syncstore", "/api/v1/customers", ADA).statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1");
        io.restassured.RestAssured.given().header("Authorization", "Bearer test-pos-syncstore")
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(0));
    }
}
