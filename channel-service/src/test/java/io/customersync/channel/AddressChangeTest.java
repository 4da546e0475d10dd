package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.STOREFRONT_ONLINE;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AddressChanged;
import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A customer who moved: the store changes the address it gave the customer ({@code PUT .../addresses/{addressId}},
 * the whole address), in its place and under its id (sales name it), and uploads the change for HQ; the same change
 * sent again (a till's retry) changes and sends nothing. Until 2026-12-06 an address could only be added.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class AddressChangeTest {

    private static final Map<String, Object> MOVED = Map.of("street", "14 Oak Ave", "city", "Dallas", "state", "TX",
            "zip", "75201", "country", "US", "purpose", "HOME");

    @Test
    void aCustomerWhoMovedHasTheAddressChangedInPlaceAndUploadedOnce() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        String addressId = customer(id).extract().path("addresses[0].addressId");
        String before = customer(id).extract().header("ETag");

        String after = change(id, addressId, MOVED, before).statusCode(200).body("addresses", hasSize(1))
                .body("addresses[0].addressId", equalTo(addressId)).body("addresses[0].street", equalTo("14 Oak Ave"))
                .body("addresses[0].city", equalTo("Dallas")).header("ETag", not(equalTo(before)))
                .extract().header("ETag");
        ChannelRows.AddressRow saved = ChannelRows.customer(id).addresses().get(0);
        assertEquals(List.of("14 Oak Ave", "Dallas", "75201"), List.of(saved.street(), saved.city(), saved.zip()));
        customer(id).header("ETag", equalTo(after));

        var uploads = uploadsOf(id, 2);
        assertEquals(List.of(EventType.CUSTOMER_CREATED.ceType(), EventType.ADDRESS_CHANGED.ceType()),
                uploads.stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList());
        AddressChanged changed = ChannelApi.opened(uploads.get(1), AddressChanged.class);
        assertEquals(UUID.fromString(addressId), changed.address().asyncAddressId());
        assertEquals("14 Oak Ave", changed.address().street());
        assertEquals("HOUSTON", changed.channelId());

        // a retry of the same change: answered as it is, nothing changed, nothing sent
        change(id, addressId, MOVED, null).statusCode(200).header("ETag", equalTo(after));
        assertEquals(2, uploadsOf(id, 3, Duration.ofSeconds(2)).size(), "no upload for a change that changes nothing");
    }

    @Test
    void aChangeOnAStaleVersionAnUnknownAddressAnotherStoresKeyOrABadAddressIsRefusedWithNothingChanged() {
        String id = createCustomer(POS_HOUSTON, ADA);
        String addressId = customer(id).extract().path("addresses[0].addressId");
        String read = customer(id).extract().header("ETag");
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(Map.of("lastName", "King"))
                .when().patch("/api/v1/customers/" + id).then().statusCode(200);

        change(id, addressId, MOVED, read).statusCode(412).contentType("application/problem+json");
        change(id, UUID.randomUUID().toString(), MOVED, null).statusCode(404).contentType("application/problem+json");
        given().header("Authorization", STOREFRONT_ONLINE).contentType(ContentType.JSON).body(MOVED)
                .when().put("/api/v1/customers/" + id + "/addresses/" + addressId).then().statusCode(404);
        change(id, addressId, Map.of("street", " ", "city", "Dallas", "zip", "75201", "country", "Texas",
                "purpose", "HOME"), null).statusCode(400).body("errors.field", hasItems("street", "country"));
        change(id, addressId, Map.of("street", "14 Oak Ave", "city", "Dallas", "country", "US", "purpose", "HOME"), null)
                .statusCode(400).body("errors.field", hasItems("zip")); // the US has postcodes
        change(id, addressId, MOVED, "").statusCode(400).body("errors[0].field", equalTo("If-Match"));

        assertEquals("1 Main St", ChannelRows.customer(id).addresses().get(0).street(), "nothing of them was written");
        assertEquals(2, uploadsOf(id, 3, Duration.ofSeconds(2)).size(), "its creation and the edit, nothing else");
    }

    private static ValidatableResponse customer(String id) {
        return given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id).then().statusCode(200);
    }

    private static ValidatableResponse change(String id, String addressId, Map<String, Object> address, String ifMatch) {
        var request = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(address);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().put("/api/v1/customers/" + id + "/addresses/" + addressId).then();
    }
}
