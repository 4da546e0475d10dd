package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.contracts.Topics;

/**
 * A customer's privacy requests through the packaged services (docs/privacy.md): a customer created at
 * HOUSTON and copied to ONLINE is exported (HQ and both channel databases listed, each saying where it
 * came from), then erased; afterwards no table of HQ's, distribution's or either channel database holds
 * its name, e-mail or phone, its sale is still at HQ, and the store refuses it (410). Every record of the
 * upload topic, the sync topic and their dead-letter topics, read raw, never showed them (sealed with a data
 * key of the customer; opened with HQ's key before the erasure they do, so the search can fail), and after
 * the erasure no key of the customer is left to open them (decision 0014, stages 1 and 2).
 */
class PrivacySystemIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DATABASES = List.of("hq", "distribution", "channel_houston", "channel_online");

    @BeforeAll
    static void startSystem() throws Exception {
        RunningSystem.get();
    }

    @Test
    void aCustomerCopiedToAnotherStoreIsExportedThenErasedEverywhereAndItsSaleStays() throws Exception {
        String marker = "Privacy" + UUID.randomUUID().toString().substring(0, 8);
        String email = marker.toLowerCase() + "@example.org";
        String phone = "+1 713 " + (100 + (int) (Math.random() * 800)) + " " + (1000 + (int) (Math.random() * 8999));
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", """
                {"firstName":"%s","lastName":"Forgotten","email":"%s","phone":"%s",
                 "addresses":[{"street":"%s Lane 7","city":"Houston","state":"TX","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, email, phone, marker));
        assertEquals(201, created.statusCode(), created.body());
        UUID id = idOf(created.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(1).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        String account = (String) queryOne("hq", "select account_number from customer where customer_id = ?", id);
        HttpResponse<String> sale = channelPost("HOUSTON", "/api/v1/transactions", """
                {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD","lines":[{"sku":"TEA-1","quantity":2,"unitPrice":3.25}]}"""
                .formatted(id));
        assertEquals(201, sale.statusCode(), sale.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(1).equals(queryOne("hq", "select count(*) from channel_transaction where customer_id = ?", id)));

        JsonNode export = JSON.readTree(hq("GET", "/api/v1/customers/" + account + "/personal-data", null, 200));
        assertEquals(email, export.at("/hq/data/master/email").asText(), export.toString());
        assertTrue(export.at("/hq/source").asText().contains("hq-service"), export.toString());
        assertEquals(phone, export.at("/hq/data/staging/upload/phone").asText());
        assertTrue(export.path("channelsUnavailable").isNull(), export.toString());
        assertEquals(email, channel(export, "HOUSTON").at("/customer/email").asText(), export.toString());
        assertEquals(false, channel(export, "HOUSTON").at("/customer/copy").asBoolean());
        assertEquals(phone, channel(export, "ONLINE").at("/customer/phone").asText(), export.toString());
        assertEquals(true, channel(export, "ONLINE").at("/customer/copy").asBoolean());
        assertTrue(channel(export, "ONLINE").path("source").asText().contains("ONLINE"));
        List<String> personal = List.of(marker, email, phone);
        List<ConsumerRecord<String, byte[]>> uploads = SealedRecords.everyRecord(Topics.CUSTOMER_UPLOADS);
        assertEquals(List.of(), SealedRecords.readable(uploads, personal), "the uploads, read raw");
        assertTrue(SealedRecords.openedWithHqsKeys(uploads, id).stream().anyMatch(o -> o.contains(email)
                && o.contains(phone) && o.contains(marker)), "opened with HQ's key, the same records hold them");
        List<ConsumerRecord<String, byte[]>> announcements = SealedRecords.everyRecord(Topics.CUSTOMER_SYNC);
        assertEquals(List.of(), SealedRecords.readable(announcements, personal), "HQ's announcements, read raw");
        assertTrue(SealedRecords.openedWithHqsKeys(announcements, id).stream().anyMatch(o -> o.contains(email)
                && o.contains(phone) && o.contains(marker)), "opened with HQ's key, the announcements hold them");
        List<String> before = holders(List.of(marker, email, phone));
        assertTrue(before.containsAll(List.of("hq.customer", "channel_houston.customer", "channel_online.customer")),
                "the search finds the customer where it is: " + before);

        String reference = "DSR-" + UUID.randomUUID().toString().substring(0, 8); // the request's, not the customer's
        hq("POST", "/api/v1/customers/" + id + "/erasure",
                "{\"requestReference\":\"" + reference + "\",\"requestedBy\":\"privacy desk\"}", 201);
        for (String database : List.of("channel_houston", "channel_online")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> queryOne(database, "select erased_at from customer where id = ?", id) != null);
        }
        hq("POST", "/api/v1/customers/" + account + "/erasure",
                "{\"requestReference\":\"DSR-again\",\"requestedBy\":\"privacy desk\"}", 200);

        assertEquals(List.of(), holders(List.of(marker, email, phone)),
                "no table of HQ, distribution or a channel database yields the name, e-mail or phone");
        assertEquals(410, send("HOUSTON", HOUSTON_POS, "GET", "/" + id, null).statusCode());
        assertEquals(410, send("ONLINE", RunningSystem.ONLINE_STOREFRONT, "PATCH", "/" + id,
                "{\"lastName\":\"Revived\"}").statusCode());
        assertEquals(account, queryOne("channel_houston", "select account_number from customer where id = ?", id));
        assertEquals(1L, queryOne("hq", "select count(*) from channel_transaction where customer_id = ?", id),
                "the sale stays, pointing to the anonymous customer");
        assertEquals(0, new java.math.BigDecimal("6.50").compareTo((java.math.BigDecimal) queryOne("hq",
                "select sum(total) from channel_transaction where customer_id = ?", id)));
        assertEquals(id, queryOne("hq", "select customer_id from customer where account_number = ?", account));
        assertEquals(1L, queryOne("hq", "select count(*) from customer_erasure where customer_id = ?", id));

        for (String topic : List.of(Topics.CUSTOMER_UPLOADS, Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS),
                Topics.CUSTOMER_SYNC, Topics.deadLetterOf(Topics.CUSTOMER_SYNC))) {
            List<ConsumerRecord<String, byte[]>> records = SealedRecords.everyRecord(topic);
            assertEquals(List.of(), SealedRecords.readable(records, personal), "every record of " + topic + ", read raw");
            assertEquals(List.of(), SealedRecords.openedWithHqsKeys(records, id), "no key of the customer is left");
        }
        for (String database : List.of("hq", "channel_houston")) {
            assertEquals(0L, queryOne(database, "select count(*) from customer_data_key where customer_id = ?", id),
                    "the data key is destroyed in " + database);
        }

        JsonNode after = JSON.readTree(hq("GET", "/api/v1/customers/" + id + "/personal-data", null, 200));
        assertEquals(reference, after.at("/hq/data/erasure/requestReference").asText(), after.toString());
        assertTrue(channel(after, "ONLINE").at("/customer/erasedAt").isTextual(), after.toString());
        assertTrue(!after.toString().contains(email) && !after.toString().contains(marker), after.toString());
    }

    private static JsonNode channel(JsonNode export, String channelId) {
        for (JsonNode part : export.path("channels")) {
            if (channelId.equals(part.path("channelId").asText())) {
                return part;
            }
        }
        throw new AssertionError(channelId + " is not in the export: " + export);
    }

    /** Every "database.table" whose rows, as text, contain one of the values (any case). */
    private static List<String> holders(List<String> values) throws Exception {
        List<String> found = new ArrayList<>();
        for (String database : DATABASES) {
            try (Connection db = RunningSystem.get().connect(database)) {
                List<String> tables = new ArrayList<>();
                try (PreparedStatement select = db.prepareStatement(
                        "select tablename from pg_tables where schemaname = 'public' order by 1");
                        ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    for (String value : values) {
                        try (PreparedStatement search = db.prepareStatement(
                                "select count(*) from \"" + table + "\" t where t::text ilike ?")) {
                            search.setString(1, "%" + value + "%");
                            try (ResultSet rs = search.executeQuery()) {
                                rs.next();
                                if (rs.getLong(1) > 0 && !found.contains(database + "." + table)) {
                                    found.add(database + "." + table);
                                }
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    private static HttpResponse<String> channelPost(String channel, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RunningSystem.get().layout().channelPorts().get(channel) + path))
                .header("Authorization", "Bearer " + HOUSTON_POS).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hq(String method, String path, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + RunningSystem.get().layout().hqPort() + path))
                .header("Authorization", "Bearer demo-ops").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(expected, response.statusCode(), response.body());
        return response.body();
    }
}
