package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.STOREFRONT_ONLINE;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CustomerSearchTest {

    @Test
    void searchFindsByNameEmailOrPhoneOnlyInTheCallersChannelAndMarksAsyncCustomers() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        createCustomer(POS_HOUSTON, Map.of("firstName", "Zed", "lastName", "Search" + tag,
                "email", "zed" + tag + "@example.com"));
        createCustomer(POS_HOUSTON, Map.of("firstName", "Amy", "lastName", "Search" + tag, "phone", "+1 555 0199"));
        createCustomer(STOREFRONT_ONLINE, Map.of("firstName", "Other", "lastName", "Search" + tag));

        given().header("Authorization", POS_HOUSTON).queryParam("q", "search" + tag.toUpperCase())
                .when().get("/api/v1/customers")
                .then().statusCode(200)
                .body("total", equalTo(2))
                .body("items.firstName", contains("Amy", "Zed"))
                .body("items.status", everyItem(equalTo("ASYNC")))
                .body("items.channelId", everyItem(equalTo("HOUSTON")));
        given().header("Authorization", POS_HOUSTON).queryParam("q", "zed" + tag + "@EXAMPLE")
                .when().get("/api/v1/customers")
                .then().body("total", equalTo(1)).body("items[0].firstName", equalTo("Zed"));
    }

    @Test
    void resultsComeInPages() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            createCustomer(POS_HOUSTON, Map.of("firstName", "P" + i, "lastName", "Paged" + tag));
        }

        given().header("Authorization", POS_HOUSTON).queryParam("q", "Paged" + tag).queryParam("size", 2)
                .queryParam("page", 2)
                .when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(5)).body("items", hasSize(1))
                .body("items[0].firstName", equalTo("P4"));
    }

    @Test
    void wildcardsInTheQueryAreTakenLiterallyAndBadPagingIsRefused() {
        given().header("Authorization", POS_HOUSTON).queryParam("q", "%_%" + UUID.randomUUID())
                .when().get("/api/v1/customers").then().statusCode(200).body("total", equalTo(0));
        given().header("Authorization", POS_HOUSTON).queryParam("size", 1000)
                .when().get("/api/v1/customers").then().statusCode(400).contentType("application/problem+json");
        given().header("Authorization", POS_HOUSTON).queryParam("page", -1)
                .when().get("/api/v1/customers").then().statusCode(400);
    }
}
