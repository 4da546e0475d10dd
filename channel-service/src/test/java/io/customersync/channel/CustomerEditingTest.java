package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.HOME;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.STOREFRONT_ONLINE;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.ChannelApi.post;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.AddressAdded;
import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CustomerEditingTest {

    @Test
    void editsOfAnAsyncCustomerTravelToHqInOrderAfterItsCreation() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);

        patch(id, Map.of("lastName", "King")).statusCode(200).body("lastName", equalTo("King"))
                .body("firstName", equalTo("Ada")).body("status", equalTo("ASYNC"));
        patch(id, Map.of("email", "ada.king@example.com", "attributes", Map.of("loyaltyTier", "platinum")))
                .statusCode(200).body("email", equalTo("ada.king@example.com"))
                .body("attributes.loyaltyTier", equalTo("platinum"));
        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(201)
                .body("addresses", hasSize(2))
                .body("addresses[1].addressId", notNullValue())
                .body("addresses[1].hqAddressId", nullValue())
                .body("addresses[1].purpose", equalTo("DELIVERY"));

        var uploads = uploadsOf(id, 4);
        assertEquals(List.of(EventType.CUSTOMER_CREATED.ceType(), EventType.CUSTOMER_UPDATED.ceType(),
                EventType.CUSTOMER_UPDATED.ceType(), EventType.ADDRESS_ADDED.ceType()),
                uploads.stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList());
        CustomerUpdated last = ChannelApi.opened(uploads.get(2), CustomerUpdated.class);
        assertEquals("King", last.lastName());
        assertEquals("ada.king@example.com", last.email());
        assertEquals("9 Elm St", ChannelApi.opened(uploads.get(3), AddressAdded.class).address().street());
    }

    @Test
    void editsAndAnAddedAddressAreSavedAsAnsweredAndEachMovesTheCustomersVersionOn() throws Exception {
        String id = createCustomer(POS_HOUSTON, ADA);
        Instant created = ChannelRows.customer(id).updatedAt();

        patch(id, Map.of("firstName", "Augusta", "lastName", "King")).statusCode(200);
        Instant renamed = ChannelRows.customer(id).updatedAt();
        patch(id, Map.of("email", "ada.king@example.com", "phone", "+1 555 0199",
                "attributes", Map.of("loyaltyTier", "platinum"))).statusCode(200);
        Instant reachable = ChannelRows.customer(id).updatedAt();
        Map<String, Object> answered = post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME)
                .statusCode(201).extract().jsonPath().getMap("");

        ChannelRows.CustomerRow saved = ChannelRows.customer(id);
        assertEquals("Augusta", saved.firstName());
        assertEquals("King", saved.lastName());
        assertEquals("ada.king@example.com", saved.email());
        assertEquals("+1 555 0199", saved.phone());
        assertEquals(Map.of("loyaltyTier", "platinum"), saved.attributes());
        assertEquals(List.of("1 Main St HOME", "9 Elm St DELIVERY"),
                saved.addresses().stream().map(a -> a.street() + " " + a.purpose()).toList(), "the new one last");
        assertEquals(answered, given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(200).extract().jsonPath().getMap(""), "a fresh read shows what was answered");

        assertTrue(created.isBefore(renamed) && renamed.isBefore(reachable) && reachable.isBefore(saved.updatedAt()),
                "each change moves updated_at on: " + List.of(created, renamed, reachable, saved.updatedAt()));
        var uploads = uploadsOf(id, 4);
        assertEquals(renamed, ChannelApi.opened(uploads.get(1), CustomerUpdated.class).updatedAt(),
                "the row keeps the version its edit was sent to HQ with");
        assertEquals(reachable, ChannelApi.opened(uploads.get(2), CustomerUpdated.class).updatedAt());
        assertEquals(saved.updatedAt(), ChannelApi.opened(uploads.get(3), AddressAdded.class).addedAt());
    }

    @Test
    void anEMailOrPhoneSentEmptyIsRemovedAndTravelsToHqAsRemoved() throws Exception {
        Map<String, Object> reachable = new java.util.HashMap<>(ADA);
        reachable.put("phone", "+1 555 0100");
        String id = createCustomer(POS_HOUSTON, reachable);

        // the customer no longer gives an e-mail, then a phone; null is a field not given, as before
        Map<String, Object> noEmail = new java.util.HashMap<>(Map.of("email", ""));
        noEmail.put("phone", null);
        patch(id, noEmail).statusCode(200).body("email", nullValue()).body("phone", equalTo("+1 555 0100"));
        patch(id, Map.of("lastName", "King", "phone", "")).statusCode(200).body("phone", nullValue())
                .body("lastName", equalTo("King"));
        patch(id, Map.of("email", "not-an-email")).statusCode(400).body("errors[0].field", equalTo("email"));

        ChannelRows.CustomerRow saved = ChannelRows.customer(id);
        assertEquals(null, saved.email());
        assertEquals(null, saved.phone());
        var uploads = uploadsOf(id, 3);
        CustomerUpdated removedEmail = ChannelApi.opened(uploads.get(1), CustomerUpdated.class);
        assertEquals(List.of("email"), removedEmail.changedFields());
        assertEquals(null, removedEmail.email());
        assertEquals("+1 555 0100", removedEmail.phone());
        assertEquals(List.of("lastName", "phone"), ChannelApi.opened(uploads.get(2), CustomerUpdated.class).changedFields());
        Map<String, Object> onlyNull = new java.util.HashMap<>();
        onlyNull.put("phone", null);
        patch(id, onlyNull).statusCode(400); // names nothing to change
    }

    @Test
    void anEditMustChangeSomethingAndMayNotTouchServerOwnedFields() {
        String id = createCustomer(POS_HOUSTON, ADA);

        patch(id, Map.of()).statusCode(400).contentType("application/problem+json");
        patch(id, Map.of("accountNumber", "C000001")).statusCode(400).body("errors[0].field", equalTo("accountNumber"));
        patch(id, Map.of("status", "SYNCED")).statusCode(400);
        patch(id, Map.of("firstName", " ")).statusCode(400).body("errors[0].field", equalTo("firstName"));
    }

    @Test
    void anotherChannelCanNeitherEditNorAddAddressesToACustomer() {
        String id = createCustomer(POS_HOUSTON, ADA);

        given().header("Authorization", STOREFRONT_ONLINE).contentType(ContentType.JSON).body(Map.of("lastName", "X"))
                .when().patch("/api/v1/customers/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        post(STOREFRONT_ONLINE, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(404);
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().body("lastName", equalTo("Lovelace")).body("addresses", hasSize(1));
    }

    @Test
    void anInvalidAddressIsRefusedWithItsFields() {
        String id = createCustomer(POS_HOUSTON, ADA);

        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", Map.of("street", "", "city", "Austin", "zip",
                "73301", "country", "United States", "purpose", "HOME"))
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("street", "country"));
    }

    @Test
    void aCustomerHasAtMostAHundredAddressesAndTheNextIsRefusedWithNothingWritten() {
        String id = createCustomer(POS_HOUSTON, ADA);
        for (int added = 1; added < io.customersync.channel.domain.CustomerEditing.MAX_ADDRESSES; added++) {
            post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(201);
        }
        Instant full = ChannelRows.customer(id).updatedAt();

        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("addresses"))
                .body("errors[0].message", equalTo("a customer has at most 100 addresses"));
        ChannelRows.CustomerRow saved = ChannelRows.customer(id);
        assertEquals(100, saved.addresses().size());
        assertEquals(full, saved.updatedAt(), "nothing written for the refused one");
        assertEquals(100, uploadsOf(id, 100).size(), "its creation and the 99 addresses added");
        assertEquals(100, uploadsOf(id, 101, java.time.Duration.ofSeconds(2)).size(), "none for the refused one");
        // one removed makes room for another: the bound counts the customer's addresses, not the rows kept for sales
        String removed = given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id).then()
                .extract().path("addresses[5].addressId");
        given().header("Authorization", POS_HOUSTON).when().delete("/api/v1/customers/" + id + "/addresses/" + removed)
                .then().statusCode(200).body("addresses", hasSize(99));
        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", HOME).statusCode(201).body("addresses", hasSize(100));
    }

    private static io.restassured.response.ValidatableResponse patch(String id, Map<String, Object> body) {
        return given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                .when().patch("/api/v1/customers/" + id).then();
    }
}
