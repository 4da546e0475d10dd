package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** An endpoint that forgets @RolesAllowed is refused, with a key or without. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class UnannotatedEndpointTest {

    /** Stands for a resource someone adds without naming its roles. */
    @Path("/api/v1/forgotten-roles")
    public static class ForgottenRoles {
        @GET
        public String open() {
            return "open";
        }
    }

    @Test
    void isRefusedWithoutAKeyAndWithOne() {
        given().when().get("/api/v1/forgotten-roles")
                .then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/forgotten-roles")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
    }
}
