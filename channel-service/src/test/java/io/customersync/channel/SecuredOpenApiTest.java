package io.customersync.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.OpenApiChecks;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The OpenAPI document names the API-key scheme, and every API operation its problem+json refusals. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class SecuredOpenApiTest {

    @Test
    void everyApiOperationNeedsAKeyAndListsItsSuccessAndProblemAnswers() {
        assertEquals(List.of(), OpenApiChecks.operationsNotFullyDescribed("'/api/v1/customers'.post"),
                "API operations without a success answer or a problem+json answer");
    }
}
