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
import io.customersync.contracts.AddressRemoved;
import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.EventJson;
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
 * sent again (a till's retry) changes and sends nothing; or removes it ({@code DELETE}): hidden, its row kept for the
 * sales that name it. Until 2026-12-06 an address could only be added.
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

        // a retry of the same change (its If-Match stale by then): answered as it is, nothing changed, nothing sent
        change(id, addressId, MOVED, before).statusCode(200).header("ETag", equalTo(after));
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

    @Test
    void aRemovedAddressIsHiddenKeptForTheSalesThatNameItAndUploadedOnce() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        String first = customer(id).extract().path("addresses[0].addressId");
        String second = ChannelApi.post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", MOVED).statusCode(201)
                .extract().path("addresses[1].addressId");
        ChannelApi.post(POS_HOUSTON, "/api/v1/transactions", Map.of("type", "CUSTOMER_ORDER", "customerId", id,
                "addressId", first, "currency", "USD", "lines", List.of(Map.of("sku", "TEA-1", "quantity", 1,
                        "unitPrice", 2)))).statusCode(201);
        String before = customer(id).extract().header("ETag");

        String after = remove(id, first, before).statusCode(200).body("addresses", hasSize(1))
                .body("addresses[0].addressId", equalTo(second)).header("ETag", not(equalTo(before)))
                .extract().header("ETag");
        customer(id).body("addresses.addressId", equalTo(List.of(second))).header("ETag", equalTo(after));
        ChannelRows.AddressRow kept = ChannelRows.customer(id).addresses().get(0);
        assertEquals(List.of(first, "1 Main St"), List.of(kept.id().toString(), kept.street()),
                "the row stays, in its place: the order names it");
        var uploads = uploadsOf(id, 4);
        assertEquals(List.of(EventType.CUSTOMER_CREATED.ceType(), EventType.ADDRESS_ADDED.ceType(),
                EventType.TRANSACTION_RECORDED.ceType(), EventType.ADDRESS_REMOVED.ceType()),
                uploads.stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList());
        assertEquals(UUID.fromString(first), EventJson.read(uploads.get(3).value(), AddressRemoved.class).asyncAddressId());

        // again (a till's retry, its If-Match stale by now): answered as it is, nothing sent
        remove(id, first, before).statusCode(200).header("ETag", equalTo(after));
        assertEquals(4, uploadsOf(id, 5, Duration.ofSeconds(2)).size(), "no upload for a removal made already");
        // a removed address can no longer be changed or sold to
        change(id, first, MOVED, null).statusCode(404).body("detail", org.hamcrest.Matchers.containsString("was removed"));
        ChannelApi.post(POS_HOUSTON, "/api/v1/transactions", Map.of("type", "CUSTOMER_ORDER", "customerId", id,
                "addressId", first, "currency", "USD", "lines", List.of(Map.of("sku", "TEA-1", "quantity", 1,
                        "unitPrice", 2)))).statusCode(422).body("errors[0].field", equalTo("addressId"));
        remove(id, UUID.randomUUID().toString(), null).statusCode(404);
        given().header("Authorization", STOREFRONT_ONLINE).when().delete("/api/v1/customers/" + id + "/addresses/" + second)
                .then().statusCode(404);
        remove(id, second, before).statusCode(412);
        customer(id).body("addresses", hasSize(1));
    }

    private static ValidatableResponse remove(String id, String addressId, String ifMatch) {
        var request = given().header("Authorization", POS_HOUSTON);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.when().delete("/api/v1/customers/" + id + "/addresses/" + addressId).then();
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
