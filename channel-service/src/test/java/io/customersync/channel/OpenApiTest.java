package io.customersync.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class OpenApiTest {

    @Test
    void theOpenApiDocumentDescribesEveryEndpointWithoutAKey() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/customers/{customerId}/addresses"))
                .body(containsString("/api/v1/customers/{customerId}/events"))
                .body(containsString("/api/v1/transactions"))
                .body(containsString("Idempotency-Key"))
                .body(containsString("bearer"));
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
