package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventJson;
import io.customersync.contracts.Topics;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The real-time service a channel in sync mode calls. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class RealTimeServiceTest {

    private static final String HOUSTON_RTS = "Bearer demo-rts-houston";

    @Test
    void aChannelInSyncModeGetsTheAccountNumberInTheAnswerAndDistributionStillHearsOfIt() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");

        String accountNumber = rts(HOUSTON_RTS, customer).statusCode(200)
                .body("customerId", equalTo(customer.customerId().toString()))
                .body("accountNumber", matchesPattern("C\\d{6}"))
                .body("addresses[0].asyncAddressId", equalTo(customer.addresses().get(0).asyncAddressId().toString()))
                .extract().path("accountNumber");

        var announced = TopicReader.readUntil(HqEvents.BOOTSTRAP, Topics.CUSTOMER_SYNC,
                r -> r.key().equals(customer.customerId().toString()), 1, Duration.ofSeconds(30));
        assertEquals(accountNumber, EventJson.read(announced.get(0).value(), CustomerSynchronized.class).accountNumber());
    }

    @Test
    void aLaterUploadOfTheSameCustomerMakesNoSecondAccount() throws Exception {
        CustomerCreated customer = newCustomer("HOUSTON");
        String accountNumber = rts(HOUSTON_RTS, customer).statusCode(200).extract().path("accountNumber");

        upload(UUID.randomUUID(), customer); // the channel fell back to async after all and uploads it
        rts(HOUSTON_RTS, customer).statusCode(200).body("accountNumber", equalTo(accountNumber)); // and a retry

        assertEquals(accountNumber, awaitSynced(customer.customerId()).accountNumber);
        Thread.sleep(1_000);
        assertEquals(1L, HqRows.count("select count(*) from customer where customer_id = ?", customer.customerId()));
    }

    @Test
    void onlyAChannelKeyOfThatChannelMayCreate() {
        rts(HOUSTON_RTS, newCustomer("ONLINE")).statusCode(403).contentType("application/problem+json");
        rts("Bearer demo-ops", newCustomer("HOUSTON")).statusCode(403);
        given().contentType(ContentType.JSON).body(EventJson.write(newCustomer("HOUSTON")))
                .when().post("/api/v1/rts/customers").then().statusCode(401);
    }

    @Test
    void aBodyOverAMegabyteIsRefusedBeforeItIsRead() {
        // 10 MB, Quarkus's own limit, until 2026-12-06: a few such bodies at once could fill HQ's 80 MB heap
        given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                .body("{\"firstName\":\"" + "x".repeat(1_100_000) + "\"}")
                .when().post("/api/v1/rts/customers").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void anotherChannelsCustomerIdGetsNothingOfThatCustomer() {
        UUID id = UUID.randomUUID();
        CustomerCreated online = HqEvents.newCustomer("ONLINE", id, "online." + id + "@example.com", null);
        HqEvents.upload(UUID.randomUUID(), online);
        HqEvents.awaitSynced(id);

        String answer = rts(HOUSTON_RTS, HqEvents.newCustomer("HOUSTON", id, "houston." + id + "@example.com", null))
                .statusCode(409).contentType("application/problem+json").body("errors[0].field", equalTo("customerId"))
                .extract().asString();
        assertFalse(answer.contains("online." + id) || answer.contains("Apt " + id) || answer.contains("ONLINE"), answer);
    }

    @Test
    void valuesLongerThanHqKeepsAreAProblemNamingTheFieldNotAServerError() {
        CustomerCreated customer = newCustomer("HOUSTON");
        CustomerCreated overlong = new CustomerCreated(customer.customerId(), "HOUSTON", customer.asyncCustomerNumber(),
                "F".repeat(101), customer.lastName(), customer.email(), customer.phone(), customer.addresses(),
                customer.attributes(), customer.createdAt());
        rts(HOUSTON_RTS, overlong).statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("firstName"));
        CustomerCreated longNumber = new CustomerCreated(customer.customerId(), "HOUSTON", "H".repeat(300),
                customer.firstName(), customer.lastName(), customer.email(), customer.phone(), customer.addresses(),
                customer.attributes(), customer.createdAt());
        rts(HOUSTON_RTS, longNumber).statusCode(400).body("errors[0].field", equalTo("asyncCustomerNumber"));
        rts(HOUSTON_RTS, customer).statusCode(200); // nothing of the refused ones was kept under its id
    }

    @Test
    void anIncompleteCustomerIsRefusedWithAProblem() {
        given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                .body("{\"customerId\":\"" + UUID.randomUUID() + "\",\"channelId\":\"HOUSTON\"}")
                .when().post("/api/v1/rts/customers")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anAddressWithoutStreetOrZipIsAProblemNamingItNotAServerError() {
        for (String field : List.of("street", "zip")) {
            String address = "{\"asyncAddressId\":\"" + UUID.randomUUID() + "\",\"street\":\"1 Main St\",\"city\":\"Doha\","
                    + "\"zip\":\"\",\"country\":\"QA\",\"purpose\":\"HOME\"}";
            given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                    .body("{\"customerId\":\"" + UUID.randomUUID() + "\",\"channelId\":\"HOUSTON\",\"asyncCustomerNumber\":"
                            + "\"HOUSTON-RTS-" + field + "\",\"firstName\":\"Aisha\",\"lastName\":\"Rahman\",\"createdAt\":"
                            + "\"2026-12-06T12:00:00Z\",\"addresses\":[" + address.replace("\"" + field + "\":\"", "\"x\":\"") + "]}")
                    .when().post("/api/v1/rts/customers")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("addresses[0]." + field));
        }
    }

    @Test
    void aCountryThatIsNotTwoCapitalLettersOrANullAttributeIsAProblemNamingIt() {
        for (String country : List.of("Q", "qa", "QAT")) {
            String address = "{\"asyncAddressId\":\"" + UUID.randomUUID() + "\",\"street\":\"1 Main St\",\"city\":\"Doha\","
                    + "\"zip\":\"\",\"country\":\"" + country + "\",\"purpose\":\"HOME\"}";
            given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                    .body(customerJson("HOUSTON-RTS-C" + country, "\"addresses\":[" + address + "]"))
                    .when().post("/api/v1/rts/customers")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("addresses[0].country"));
        }
        given().header("Authorization", HOUSTON_RTS).contentType(ContentType.JSON)
                .body(customerJson("HOUSTON-RTS-NULL", "\"attributes\":{\"loyalty\":null}"))
                .when().post("/api/v1/rts/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].message", containsString("attributes must not hold null"));
    }

    private static String customerJson(String asyncNumber, String more) {
        return "{\"customerId\":\"" + UUID.randomUUID() + "\",\"channelId\":\"HOUSTON\",\"asyncCustomerNumber\":\""
                + asyncNumber + "\",\"firstName\":\"Aisha\",\"lastName\":\"Rahman\",\"createdAt\":"
                + "\"2026-12-06T12:00:00Z\"," + more + "}";
    }

    private static io.restassured.response.ValidatableResponse rts(String key, CustomerCreated customer) {
        return given().header("Authorization", key).contentType(ContentType.JSON).body(EventJson.write(customer))
                .when().post("/api/v1/rts/customers").then();
    }
}
