package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(RateLimitTest.TightBudgets.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_rate_test"))
class RateLimitTest {

    public static class TightBudgets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.rate-limit.requests-per-period", "5",
                    "api.rate-limit.failed-authentications-per-period", "3",
                    "api.rate-limit.period", "1m");
        }
    }

    @Test
    void aKeyOverItsBudgetGets429WithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers").then().statusCode(200);
        }
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("title", org.hamcrest.Matchers.equalTo("Too Many Requests"))
                .header("Retry-After", notNullValue());
    }

    @Test
    void guessingKeysIsSlowedDown() {
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer guess-" + i).when().get("/api/v1/customers").then().statusCode(401);
        }
        given().header("Authorization", "Bearer guess-again").when().get("/api/v1/customers")
                .then().statusCode(429).contentType("application/problem+json");
    }
}
