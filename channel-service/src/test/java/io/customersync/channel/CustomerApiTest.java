package io.customersync.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.OPS;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.STOREFRONT_ONLINE;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.KafkaBroker;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class CustomerApiTest {

    @Test
    void aNewCustomerIsSavedAtOnceAsAsyncWithATemporaryIdentity() {
        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/customers/[0-9a-f-]{36}"))
                .body("status", equalTo("ASYNC"))
                .body("accountNumber", nullValue())
                .body("channelId", equalTo("HOUSTON"))
                .body("asyncCustomerNumber", matchesPattern("HOUSTON-\\d{9}"))
                .body("addresses[0].addressId", notNullValue())
                .body("addresses[0].hqAddressId", nullValue())
                .body("attributes.loyaltyTier", equalTo("gold"))
                .extract().path("customerId");

        given().header("Authorization", POS_HOUSTON)
                .when().get("/api/v1/customers/" + id)
                .then().statusCode(200)
                .body("customerId", equalTo(id))
                .body("status", equalTo("ASYNC"))
                .body("firstName", equalTo("Ada"))
                .body("addresses[0].city", equalTo("Houston"));
    }

    @Test
    void thePJobUploadsTheCustomerWithCloudEventsHeadersKeyedByCustomer() throws Exception {
        var created = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(201).extract();
        String id = created.path("customerId");

        var records = TopicReader.readUntil(KafkaBroker.shared().bootstrapServers(),
                EventType.CUSTOMER_CREATED.topic(), r -> id.equals(r.key()), 1, Duration.ofSeconds(30));

        assertEquals(1, records.size());
        var record = records.get(0);
        assertEquals(EventType.CUSTOMER_CREATED.ceType(), TopicReader.header(record, CloudEventHeaders.TYPE));
        assertEquals("/channels/HOUSTON", TopicReader.header(record, CloudEventHeaders.SOURCE));
        assertEquals("application/json", TopicReader.header(record, CloudEventHeaders.CONTENT_TYPE));
        CustomerCreated event = ChannelApi.opened(record, CustomerCreated.class);
        assertEquals(created.path("asyncCustomerNumber"), event.asyncCustomerNumber());
        assertEquals(created.<String> path("addresses[0].addressId"), event.addresses().get(0).asyncAddressId().toString());
        assertEquals("gold", event.attributes().get("loyaltyTier"));
    }

    @Test
    void aTerminalCannotSeeAnotherChannelsCustomer() {
        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(201).extract().path("customerId");

        given().header("Authorization", STOREFRONT_ONLINE)
                .when().get("/api/v1/customers/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void noOrAnUnknownApiKeyIsUnauthorized() {
        given().contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("title", equalTo("Unauthorized"))
                .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", "Bearer not-a-key").contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(401);
        // the scheme's name in any case (RFC 9110): "bearer" was a 401 until 2026-12-06
        given().header("Authorization", POS_HOUSTON.replace("Bearer", "bearer")).when().get("/api/v1/customers")
                .then().statusCode(200);
    }

    @Test
    void theOpsRoleDoesNotCreateCustomers() {
        given().header("Authorization", OPS).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("title", equalTo("Forbidden"));
    }

    @Test
    void aStorefrontCreatesCustomersOfItsOwnChannel() {
        given().header("Authorization", STOREFRONT_ONLINE).contentType(ContentType.JSON).body(ADA)
                .when().post("/api/v1/customers")
                .then().statusCode(201)
                .body("channelId", equalTo("ONLINE"))
                .body("asyncCustomerNumber", matchesPattern("ONLINE-\\d{9}"));
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        given().header("Authorization", POS_HOUSTON)
                .when().get("/api/v1/customers/7d3f9c1e-0000-4000-8000-000000000000")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("instance", endsWith("/api/v1/customers/7d3f9c1e-0000-4000-8000-000000000000"));
    }

    @Test
    void invalidFieldsAreNamedInAProblemAndNothingIsWritten() {
        long before = customers();
        var invalid = new java.util.HashMap<>(ADA);
        invalid.remove("firstName");
        invalid.put("email", "not-an-email");
        invalid.put("addresses", List.of(Map.of("street", "1 Main St", "city", "Houston", "zip", "77002",
                "country", "usa", "purpose", "HOME")));

        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(invalid)
                .when().post("/api/v1/customers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Bad Request"))
                .body("errors.field", hasItem("firstName"))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("addresses[0].country"));

        assertEquals(before, customers());
    }

    @Test
    void namesAndAddressesAreTextAReceiptCanShowAndAStoresPlaceholderIsSuch() {
        long before = customers();
        var invisible = new java.util.HashMap<>(ADA);
        invisible.put("firstName", "\u200b"); // a zero-width space: not blank to @NotBlank, nothing on a receipt
        invisible.put("lastName", "Lee\u0007");
        invisible.put("addresses", List.of(Map.of("street", "1 Main St\u001d", "city", "Houston", "zip", "77002",
                "country", "US", "purpose", "HOME")));
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(invisible)
                .when().post("/api/v1/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("addresses[0].street", "firstName", "lastName"));
        assertEquals(before, customers());

        for (String blank : List.of("\u3164", "\u2800", "\u115f\u1160", "\u034f")) {
            var filler = new java.util.HashMap<>(ADA);
            filler.put("firstName", blank); // blank letters and a lone mark: they show nothing either
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(filler)
                    .when().post("/api/v1/customers").then().statusCode(400).body("errors.field", hasItem("firstName"));
        }
        assertEquals(before, customers());

        var placeholder = new java.util.HashMap<>(ADA);
        placeholder.put("firstName", "."); // what a store types for a customer who gives no first name
        placeholder.put("lastName", "O\u2019Brien-\u00c9lise \u674e");
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(placeholder)
                .when().post("/api/v1/customers").then().statusCode(201);
    }

    @Test
    void theSpacesAClerkTypedAroundANameStreetEMailOrPhoneAreNotKept() {
        var padded = new java.util.HashMap<>(ADA);
        padded.put("firstName", "  Padded ");
        padded.put("lastName", "Spaces   ");
        padded.put("email", " padded@example.com "); // pasted into a web form: refused as no e-mail until 2026-12-06
        padded.put("phone", " +1 555 0100\t");
        padded.put("addresses", List.of(Map.of("street", " 1 Main St ", "city", "Houston ", "zip", " 77002",
                "country", "US", "purpose", "HOME")));
        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(padded)
                .when().post("/api/v1/customers").then().statusCode(201)
                .body("firstName", equalTo("Padded")).body("lastName", equalTo("Spaces"))
                .body("addresses[0].street", equalTo("1 Main St")).body("addresses[0].zip", equalTo("77002"))
                .body("email", equalTo("padded@example.com")).body("phone", equalTo("+1 555 0100"))
                .extract().path("customerId");
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("lastName", " Spacey ", "email", "spacey@example.com ", "phone", " 555-0199"))
                .when().patch("/api/v1/customers/" + id).then().statusCode(200).body("lastName", equalTo("Spacey"));
        assertEquals("Spacey", ChannelRows.customer(id).lastName());
        assertEquals("spacey@example.com", ChannelRows.customer(id).email());
        assertEquals("555-0199", ChannelRows.customer(id).phone());
    }

    @Test
    void phonesAreTakenAsPeopleWriteThem() {
        for (String phone : List.of("(713) 555-0101", "713.555.0101", "+1 (713) 555-0101", "713-555-0101")) {
            var body = new java.util.HashMap<>(ADA);
            body.put("phone", phone);
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers").then().statusCode(201).body("phone", equalTo(phone));
        }
        long before = customers();
        for (String phone : List.of("(---) ---", "+(1)", "call me", "12")) {
            var body = new java.util.HashMap<>(ADA);
            body.put("phone", phone);
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers").then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("phone"));
        }
        assertEquals(before, customers());
    }

    @Test
    void anEMailOrPhoneAWebFormSendsEmptyIsNotGiven() {
        var form = new java.util.HashMap<>(ADA);
        form.put("email", "");
        form.put("phone", "");
        String id = given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(form)
                .when().post("/api/v1/customers").then().statusCode(201)
                .body("email", org.hamcrest.Matchers.nullValue()).body("phone", org.hamcrest.Matchers.nullValue())
                .extract().path("customerId");
        assertEquals(null, ChannelRows.customer(id).email(), "stored as none, not as an empty e-mail");
    }

    @Test
    void onlyCountryCodesOfIso3166AreAccepted() {
        long before = customers();
        for (String country : List.of("ZZ", "XX", "us", "UK")) {
            var body = new java.util.HashMap<>(ADA);
            body.put("addresses", List.of(Map.of("street", "1 Main St", "city", "Houston", "zip", "77002",
                    "country", country, "purpose", "HOME")));
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors.field", hasItem("addresses[0].country"));
        }
        assertEquals(before, customers());
        var german = new java.util.HashMap<>(ADA);
        german.put("addresses", List.of(Map.of("street", "Unter den Linden 1", "city", "Berlin", "zip", "10117",
                "country", "DE", "purpose", "HOME")));
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(german)
                .when().post("/api/v1/customers").then().statusCode(201);
    }

    @Test
    void serverOwnedFieldsCannotBeSetByAClient() {
        for (String field : List.of("accountNumber", "status", "channelId")) {
            var body = new java.util.HashMap<>(ADA);
            body.put(field, "C000001");
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers")
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
    }

    @Test
    void unreadableBodiesGetAProblemNotAServerError() {
        List<String> bodies = List.of("{not json", "", "[]", "\"text\"",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"addresses\":[{\"street\":\"s\",\"city\":\"c\",\"zip\":\"1\",\"country\":\"US\",\"purpose\":\"MOON\"}]}",
                "{\"firstName\":[],\"lastName\":\"B\"}",
                "{\"firstName\":\"A\",\"lastName\":\"B\",\"attributes\":{\"k\":{\"nested\":1}}}");
        for (String body : bodies) {
            given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/customers")
                    .then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    private static long customers() {
        return ChannelRows.count("select count(*) from customer");
    }
}
