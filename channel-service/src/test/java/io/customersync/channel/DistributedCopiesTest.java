package io.customersync.channel;

import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.post;
import static io.customersync.channel.ChannelApi.uploadsOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CloudEventHeaders;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.customersync.testsupport.PostgresServer;
import io.customersync.testsupport.TopicReader;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Customers of other channels of the address book, as distribution-service copies them here. */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_api_test"))
class DistributedCopiesTest {

    @Test
    void aCopyOfAnotherChannelsCustomerIsFoundSoldToAndEditedHereAndTheEditGoesToHqWithItsBaseVersion()
            throws Exception {
        UUID id = UUID.randomUUID();
        String lastName = "Copy" + id.toString().substring(0, 8);
        copyAsDistributionDoes(id, lastName);

        given().header("Authorization", POS_HOUSTON).queryParam("q", lastName).when().get("/api/v1/customers")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].channelId", equalTo("ONLINE"))
                .body("items[0].accountNumber", equalTo("C777777"));
        given().header("Authorization", POS_HOUSTON).when().get("/api/v1/customers/" + id)
                .then().statusCode(200).body("status", equalTo("SYNCED")).body("copy", equalTo(true))
                .body("hqVersion", equalTo(7));
        post(POS_HOUSTON, "/api/v1/transactions", Map.of("type", "CASH_AND_CARRY", "customerId", id.toString(),
                "currency", "USD", "lines", List.of(Map.of("sku", "TEA-1", "quantity", 1, "unitPrice", 2))))
                .statusCode(201);

        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON)
                .body(Map.of("lastName", "Edited", "phone", "+1 713 555 0100"))
                .when().patch("/api/v1/customers/" + id).then().statusCode(200)
                .body("lastName", equalTo("Edited")).body("firstName", equalTo("Remote"))
                .body("channelId", equalTo("ONLINE")).body("copy", equalTo(true)).body("hqVersion", equalTo(7))
                .body("status", equalTo("SYNCED"));
        ChannelRows.CustomerRow saved = ChannelRows.customer(id.toString());
        assertEquals("Edited", saved.lastName(), "the edit of the copy is saved here");
        assertEquals("+1 713 555 0100", saved.phone());
        assertEquals("Remote", saved.firstName());
        assertEquals("SYNCED", saved.status());
        assertEquals(7L, saved.hqVersion(), "still HQ's version it is based on, until HQ answers");

        var uploads = uploadsOf(id.toString(), 2); // the sale, then the edit
        assertEquals(List.of(EventType.TRANSACTION_RECORDED.ceType(), EventType.CUSTOMER_UPDATED.ceType()),
                uploads.stream().map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList(),
                "the edit of the copy is uploaded to HQ");
        CustomerUpdated edit = ChannelApi.opened(uploads.get(1), CustomerUpdated.class);
        assertEquals("HOUSTON", edit.channelId(), "by the store that edited it");
        assertEquals(7L, edit.baseVersion());
        assertEquals(List.of("lastName", "phone"), edit.changedFields());
        assertEquals("Edited", edit.lastName());
        assertEquals("Remote", edit.firstName());
        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", Map.of("street", "9 Elm St", "city", "Austin",
                "zip", "73301", "country", "US", "purpose", "DELIVERY")).statusCode(422)
                // not a 404 for a customer the same key reads, edits and sells to (found by probing as a storefront)
                .contentType("application/problem+json").body("errors[0].field", equalTo("customerId"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("store ONLINE"));
        // nor changed here: its addresses come from HQ (each address has one writer, its customer's store)
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(Map.of("street", "9 Elm St",
                "city", "Austin", "zip", "73301", "country", "US", "purpose", "DELIVERY"))
                .when().put("/api/v1/customers/" + id + "/addresses/" + UUID.randomUUID()).then().statusCode(422)
                .body("errors[0].field", equalTo("customerId"));

        // once HQ erased it, the copy is gone here: 410 for its addresses too, as for the rest (a 422 before)
        try (Connection db = PostgresServer.shared().connect("channel_api_test");
                PreparedStatement erase = db.prepareStatement(
                        "select erase_customer(?, 'ONLINE', ?, 'C777777', 8, now(), true)")) {
            erase.setObject(1, id);
            erase.setString(2, "ONLINE-" + id);
            erase.execute();
        }
        post(POS_HOUSTON, "/api/v1/customers/" + id + "/addresses", Map.of("street", "9 Elm St", "city", "Austin",
                "zip", "73301", "country", "US", "purpose", "DELIVERY")).statusCode(410);
        given().header("Authorization", POS_HOUSTON).when().delete("/api/v1/customers/" + id + "/addresses/" + id)
                .then().statusCode(410);
    }

    private static void copyAsDistributionDoes(UUID id, String lastName) throws Exception {
        try (Connection db = PostgresServer.shared().connect("channel_api_test");
                PreparedStatement insert = db.prepareStatement("""
                        insert into customer (id, channel_id, async_customer_number, first_name, last_name, status,
                                              account_number, created_at, updated_at, synced_at, distributed,
                                              hq_version)
                        values (?, 'ONLINE', ?, 'Remote', ?, 'SYNCED', 'C777777', now(), now(), now(), true, 7)""")) {
            insert.setObject(1, id);
            insert.setString(2, "ONLINE-" + id);
            insert.setString(3, lastName);
            insert.executeUpdate();
        }
    }
}
