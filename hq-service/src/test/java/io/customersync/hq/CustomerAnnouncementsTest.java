package io.customersync.hq;

import static io.customersync.hq.HqEvents.awaitSynced;
import static io.customersync.hq.HqEvents.newCustomer;
import static io.customersync.hq.HqEvents.send;
import static io.customersync.hq.HqEvents.upload;
import static io.customersync.hq.HqJobsTest.OPS;
import static io.customersync.hq.HqRows.count;
import static io.customersync.hq.SealedSyncTest.DISTRIBUTION;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * What a store's full sync reads at HQ (docs/ops.md): every customer created at the channels asked for, as HQ has it
 * now (its account number, latest version, fields and addresses), page by page by account number, an erased customer
 * as its erasure; for distribution's key only.
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_test"))
class CustomerAnnouncementsTest {

    @Test
    void aFullSyncReadsEveryCustomerOfTheChannelsAskedAtItsLatestVersionErasedOnesLeftOut() {
        CustomerCreated first = newCustomer("FULLSYNCA");
        CustomerCreated edited = newCustomer("FULLSYNCA");
        CustomerCreated erased = newCustomer("FULLSYNCA");
        CustomerCreated ofB = newCustomer("FULLSYNCB");
        CustomerCreated notAsked = newCustomer("FULLSYNCC");
        Map<UUID, String> accounts = new HashMap<>();
        for (CustomerCreated customer : List.of(first, edited, erased, ofB, notAsked)) {
            upload(UUID.randomUUID(), customer);
        }
        for (CustomerCreated customer : List.of(first, edited, erased, ofB, notAsked)) {
            accounts.put(customer.customerId(), awaitSynced(customer.customerId()).accountNumber);
        }
        UUID editedId = edited.customerId();
        send(EventType.CUSTOMER_UPDATED, UUID.randomUUID(), editedId, "FULLSYNCA", new CustomerUpdated(editedId,
                "FULLSYNCA", "Grace", "Brewster", edited.email(), edited.phone(), Map.of(), Instant.now(), 1L,
                List.of("lastName")));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from customer where customer_id = ? and version = 2", editedId) == 1);
        given().header("Authorization", OPS).contentType(ContentType.JSON)
                .body(Map.of("requestReference", "GDPR-FS", "requestedBy", "privacy desk"))
                .when().post("/api/v1/customers/" + erased.customerId() + "/erasure").then().statusCode(201);

        List<Map<String, Object>> read = new ArrayList<>();
        List<Map<String, Object>> erasures = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            var request = given().header("Authorization", DISTRIBUTION).queryParam("origin", "FULLSYNCA")
                    .queryParam("origin", "FULLSYNCB").queryParam("limit", 2);
            JsonPath page = (after == null ? request : request.queryParam("after", after))
                    .when().get("/api/v1/customer-announcements").then().statusCode(200).extract().jsonPath();
            List<Map<String, Object>> announcements = page.getList("announcements");
            assertTrue(announcements.size() + page.getList("erasures").size() <= 2, "a page holds at most the limit");
            read.addAll(announcements);
            erasures.addAll(page.getList("erasures"));
            after = page.getString("nextAfter");
            pages++;
        } while (after != null && pages < 10);

        assertEquals(Stream.of(first, edited, ofB).map(c -> accounts.get(c.customerId())).sorted().toList(),
                read.stream().map(a -> (String) a.get("accountNumber")).toList(), "by account number, erased left out");
        Map<String, Object> latest = read.stream().filter(a -> editedId.toString().equals(a.get("customerId")))
                .findFirst().orElseThrow();
        assertEquals(2, latest.get("version"));
        @SuppressWarnings("unchecked")
        Map<String, Object> customer = (Map<String, Object>) latest.get("customer");
        assertEquals("Brewster", customer.get("lastName"));
        assertEquals(edited.email(), customer.get("email"), "opened: a full sync reads the customer itself");
        assertEquals(1, ((List<?>) latest.get("addresses")).size(), "its addresses with HQ's ids");
        assertEquals(null, latest.get("sealed"));
        // the erased one comes as its erasure: a store away when it was erased erases its copy
        assertEquals(List.of(erased.customerId().toString()), erasures.stream().map(e -> e.get("customerId")).toList());
        assertEquals(accounts.get(erased.customerId()), erasures.get(0).get("accountNumber"));
        assertEquals(2, erasures.get(0).get("version"));

        given().header("Authorization", OPS).queryParam("origin", "FULLSYNCA").when()
                .get("/api/v1/customer-announcements").then().statusCode(403);
        given().header("Authorization", DISTRIBUTION).when().get("/api/v1/customer-announcements").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", hasItem("origin"));
        given().header("Authorization", DISTRIBUTION).queryParam("origin", "FULLSYNCA").queryParam("limit", 501).when()
                .get("/api/v1/customer-announcements").then().statusCode(400).contentType("application/problem+json");
    }
}
