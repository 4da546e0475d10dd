package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A customer from a country without postcodes (Dubai, Hong Kong, Doha) gives an address without a zip; one from a
 * country with postcodes must give it. Before, every address needed a zip: the till typed a made-up one.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class AddressesWithoutPostcodeTest {

    @Test
    void anAddressInACountryWithoutPostcodesNeedsNoZip() {
        Map<String, Object> dubai = new HashMap<>(Map.of("street", "Villa 12, Street 4, Al Wasl", "city", "Dubai",
                "country", "AE", "purpose", "HOME"));
        Map<String, Object> hongKong = new HashMap<>(Map.of("street", "Flat 3B, 18 Conduit Road", "city", "Hong Kong",
                "zip", "  ", "country", "HK", "purpose", "DELIVERY"));
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("addresses", List.of(dubai, hongKong));

        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/customers")
                .then().statusCode(201)
                .body("addresses[0].zip", equalTo("")).body("addresses[1].zip", equalTo(""))
                .extract().path("customerId");
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(200).body("addresses.city", equalTo(List.of("Dubai", "Hong Kong")))
                .body("addresses.zip", equalTo(List.of("", "")));

        Map<String, Object> kingston = new HashMap<>(ADA);
        kingston.put("addresses", List.of(Map.of("street", "12 Hope Road", "city", "Kingston", "country", "JM",
                "purpose", "HOME")));
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(kingston)
                .when().post("/api/v1/customers").then().statusCode(201);

        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("street", "Tower 2, West Bay", "city", "Doha", "country", "QA", "purpose", "INVOICE"))
                .when().post("/api/v1/customers/" + id + "/addresses")
                .then().statusCode(201).body("addresses[-1].city", equalTo("Doha")).body("addresses[-1].zip", equalTo(""));
    }

    @Test
    void anAddressInACountryWithPostcodesStillNeedsItsZip() {
        long before = ChannelRows.count("select count(*) from customer");
        for (Map<String, Object> address : List.of(
                Map.<String, Object>of("street", "1 Main St", "city", "Houston", "country", "US", "purpose", "HOME"),
                Map.<String, Object>of("street", "Unter den Linden 1", "city", "Berlin", "zip", " ", "country", "DE",
                        "purpose", "HOME"))) {
            Map<String, Object> body = new HashMap<>(ADA);
            body.put("addresses", List.of(address));
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("addresses[0].zip"))
                    .body("errors.find { it.field == 'addresses[0].zip' }.message",
                            equalTo("must not be blank (this country uses postcodes)"));
        }
        // a country mistyped is the country's problem alone, not also a postcode asked for
        Map<String, Object> body = new HashMap<>(ADA);
        body.put("addresses", List.of(Map.of("street", "Villa 12", "city", "Dubai", "country", "ae", "purpose", "HOME")));
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/customers")
                .then().statusCode(400).body("errors.field", equalTo(List.of("addresses[0].country")));
        assertEquals(before, ChannelRows.count("select count(*) from customer"), "nothing saved");
    }
}
