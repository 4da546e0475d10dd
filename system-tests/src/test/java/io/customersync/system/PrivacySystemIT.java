package io.customersync.system;

import static io.customersync.system.OpsCalls.channelPost;
import static io.customersync.system.OpsCalls.hq;
import static io.customersync.system.PersonalDataSearch.holders;
import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.Topics;

/**
 * A customer's privacy requests through the packaged services (docs/privacy.md, issue #23's "Done when"): a
 * customer created at HOUSTON, copied to ONLINE and edited is exported (HQ and both channel databases listed, each
 * saying where it came from), then erased; afterwards no table of HQ's, distribution's or either channel
 * database holds its name, e-mail or phone, its sale is still at HQ, and the store refuses it (410). Every
 * record of the upload topic, the sync topic and their dead-letter topics, read raw, never showed them
 * (sealed with a data key of the customer; opened with HQ's key before the erasure they do, so the search
 * can fail), and after the erasure no key of the customer is left to open them (decision 0014). HOUSTON's
 * end-of-day statement, posted after the erasure, holds its sale (pointing to the anonymous customer) and
 * another customer's, and balances. Its old records sent again ({@link RecordReplay}: as they were, with
 * new event ids, opened as plaintext, through the dead-letter replay) bring nothing back and make no dead
 * letter.
 */
class PrivacySystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startSystem() throws Exception {
        RunningSystem.get();
    }

    @Test
    void aCustomerIsExportedThenErasedEverywhereItsSalesStillBalanceAndAReplayBringsNothingBack() throws Exception {
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
        HttpResponse<String> edited = send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"lastName\":\"Forgotten" + marker + "\"}");
        assertEquals(200, edited.statusCode(), edited.body()); // so that an edit is among the records sent again
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(2).equals(queryOne("channel_online", "select hq_version from customer where id = ?", id)));
        String account = (String) queryOne("hq", "select account_number from customer where customer_id = ?", id);
        StatementBalance.postWhateverIsWaiting("HOUSTON"); // other tests' sales: HOUSTON's next statement is this test's
        UUID sale = sale(id, "{\"sku\":\"TEA-1\",\"quantity\":2,\"unitPrice\":3.25}");
        UUID kept = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Kept" + marker.substring(7)));
        UUID otherSale = sale(kept, "{\"sku\":\"MUG-2\",\"quantity\":1,\"unitPrice\":10.00},"
                + "{\"sku\":\"TEA-1\",\"quantity\":3,\"unitPrice\":1.10}");

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
        RecordReplay replay = RecordReplay.capture(id, uploads, announcements); // before the erasure destroys the keys
        List<String> before = holders(personal);
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
        assertErasedEverywhere(id, account, personal, "after the erasure");
        for (String topic : List.of(Topics.CUSTOMER_UPLOADS, Topics.deadLetterOf(Topics.CUSTOMER_UPLOADS),
                Topics.CUSTOMER_SYNC, Topics.deadLetterOf(Topics.CUSTOMER_SYNC))) {
            List<ConsumerRecord<String, byte[]>> records = SealedRecords.everyRecord(topic);
            assertEquals(List.of(), SealedRecords.readable(records, personal), "every record of " + topic + ", read raw");
            assertEquals(List.of(), SealedRecords.openedWithHqsKeys(records, id), "no key of the customer is left");
        }

        StatementBalance.Posted statement = StatementBalance.postBalanced("HOUSTON");
        assertEquals(Map.of(sale, id, otherSale, kept), statement.sales(),
                "the statement holds the erased customer's sale (its customer id) and the other customer's");
        assertEquals(Map.of("USD", new BigDecimal("19.8")), statement.totals(), "6.50 + 13.30, as the lines say");
        assertEquals(CustomerErased.ANONYMOUS_FIRST_NAME, queryOne("hq",
                "select first_name from customer where customer_id = ?", id), "the sale points to the anonymous customer");

        Map<String, Long> deadLetters = new HashMap<>();
        for (String topic : List.of(Topics.CUSTOMER_UPLOADS, Topics.CUSTOMER_SYNC)) {
            deadLetters.put(Topics.deadLetterOf(topic), replay.inTopic(Topics.deadLetterOf(topic)));
        }
        assertTrue(replay.sendAgain() > replay.records().size(), replay.describe());
        replay.awaitPassed();
        assertErasedEverywhere(id, account, personal, "after " + replay.describe() + " were sent again");
        for (var dead : deadLetters.entrySet()) {
            assertEquals(dead.getValue() + replay.copiesTo(dead.getKey()), replay.inTopic(dead.getKey()),
                    "the replay made no dead letter in " + dead.getKey() + " (only the copies written there to replay)");
        }
        assertEquals(statement.sales(), StatementBalance.sales(statement.id()), "the statement is as it was posted");
        StatementBalance.assertBalances(statement.id());
        assertEquals(0L, queryOne("hq", "select count(*) from channel_transaction where customer_id = ? "
                + "and statement_id is null", id), "the replayed sale is not there twice");

        JsonNode after = JSON.readTree(hq("GET", "/api/v1/customers/" + id + "/personal-data", null, 200));
        assertEquals(reference, after.at("/hq/data/erasure/requestReference").asText(), after.toString());
        assertTrue(channel(after, "ONLINE").at("/customer/erasedAt").isTextual(), after.toString());
        assertTrue(!after.toString().contains(email) && !after.toString().contains(marker), after.toString());
    }

    /**
     * Keys a channel-service made ahead (escrowed at HQ before any customer took them) leave both databases when it
     * stops (SIGTERM): HQ forgets them and the channel database deletes them; a key a customer took stays on both
     * sides, and the service, started again, creates and uploads as before.
     */
    @Test
    void keysMadeAheadThatNoCustomerTookAreGivenBackWhenAChannelServiceStops() throws Exception {
        UUID taken = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Ahead" + UUID.randomUUID().toString().substring(0, 8)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> unusedKeys("channel_houston", UNUSED_AT_HOUSTON) > 0 && unusedKeys("hq", UNUSED_AT_HQ) > 0);
        ServiceProcess houston = RunningSystem.get().service(LocalSystem.channelService("HOUSTON"));

        houston.stop(Duration.ofSeconds(30));
        try {
            assertEquals(0, unusedKeys("channel_houston", UNUSED_AT_HOUSTON), "deleted in HOUSTON's database");
            assertEquals(0, unusedKeys("hq", UNUSED_AT_HQ), "forgotten at HQ");
            for (String database : List.of("hq", "channel_houston")) {
                assertEquals(1L, queryOne(database, "select count(*) from customer_data_key where customer_id = ?", taken),
                        "the key a customer took stays in " + database);
            }
        } finally {
            houston.start();
            houston.awaitReady(Duration.ofMinutes(2));
        }
        UUID after = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "After" + UUID.randomUUID().toString().substring(0, 8)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> queryOne("hq", "select account_number from customer where customer_id = ?", after) != null);
    }

    @Test
    void keysMadeAheadThatACrashedChannelServiceLeftUnusedArePurgedHereAndAtHqOnceTwiceTheirMaxAgeOld()
            throws Exception {
        UUID taken = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Crash" + UUID.randomUUID().toString().substring(0, 8)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> unusedKeys("channel_houston", UNUSED_AT_HOUSTON) > 0 && unusedKeys("hq", UNUSED_AT_HQ) > 0);
        String leftUnused = (String) queryOne("channel_houston", "select string_agg(key_id::text, ',') from "
                + "customer_data_key k where ? = 'HOUSTON' and not exists (select 1 from customer c where c.id = k.customer_id)",
                "HOUSTON");
        ServiceProcess houston = RunningSystem.get().service(LocalSystem.channelService("HOUSTON"));

        houston.kill(); // a crash: the keys it held in memory are given back by no one
        try {
            assertTrue(heldIn("channel_houston", leftUnused) > 0 && heldIn("hq", leftUnused) > 0);
            // two days later (twice channel.pjob.keys-ahead-max-age): the purge, at the service's start, finds them
            queryOne("channel_houston", "with aged as (update customer_data_key set created_at = created_at - interval "
                    + "'3 days' where key_id = any(string_to_array(?, ',')::uuid[]) returning 1) select count(*) from aged",
                    leftUnused);
        } finally {
            houston.start();
            houston.awaitReady(Duration.ofMinutes(2));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> heldIn("channel_houston", leftUnused) == 0 && heldIn("hq", leftUnused) == 0);
        for (String database : List.of("hq", "channel_houston")) {
            assertEquals(1L, queryOne(database, "select count(*) from customer_data_key where customer_id = ?", taken),
                    "the key a customer took stays in " + database);
        }
        UUID after = idOf(RunningSystem.postCustomer("HOUSTON", HOUSTON_POS, "Again" + UUID.randomUUID().toString().substring(0, 8)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> queryOne("hq", "select account_number from customer where customer_id = ?", after) != null);
    }

    /** How many of these keys (ids, comma-separated) the database holds. */
    private static long heldIn(String database, String keyIds) throws Exception {
        return (Long) queryOne(database, "select count(*) from customer_data_key where key_id = any(string_to_array(?, ',')::uuid[])",
                keyIds);
    }

    private static final String UNUSED_AT_HOUSTON = "select count(*) from customer_data_key k where ? = 'HOUSTON' "
            + "and not exists (select 1 from customer c where c.id = k.customer_id)";
    private static final String UNUSED_AT_HQ = "select count(*) from customer_data_key k where k.escrowed_by = ? "
            + "and not exists (select 1 from async_customer_staging s where s.customer_id = k.customer_id) "
            + "and not exists (select 1 from customer c where c.customer_id = k.customer_id)";

    private static long unusedKeys(String database, String sql) throws Exception {
        return (Long) queryOne(database, sql, "HOUSTON");
    }

    /** The erased customer as the erasure left it in every database, and refused by the stores. */
    private static void assertErasedEverywhere(UUID id, String account, List<String> personal, String when)
            throws Exception {
        assertEquals(List.of(), holders(personal),
                when + ": no table of HQ, distribution or a channel database yields the name, e-mail or phone");
        for (String database : List.of("channel_houston", "channel_online")) {
            assertTrue(queryOne(database, "select erased_at from customer where id = ?", id) != null,
                    when + ": the row in " + database + " says erased");
        }
        assertEquals(410, send("HOUSTON", HOUSTON_POS, "GET", "/" + id, null).statusCode(), when);
        assertEquals(410, send("ONLINE", RunningSystem.ONLINE_STOREFRONT, "PATCH", "/" + id,
                "{\"lastName\":\"Revived\"}").statusCode(), when);
        assertEquals(account, queryOne("channel_houston", "select account_number from customer where id = ?", id));
        assertEquals(1L, queryOne("hq", "select count(*) from channel_transaction where customer_id = ?", id),
                when + ": the sale stays, once, pointing to the anonymous customer");
        assertEquals(0, new BigDecimal("6.50").compareTo((BigDecimal) queryOne("hq",
                "select sum(total) from channel_transaction where customer_id = ?", id)));
        assertEquals(id, queryOne("hq", "select customer_id from customer where account_number = ?", account));
        assertEquals(1L, queryOne("hq", "select count(*) from customer_erasure where customer_id = ?", id));
        for (String database : List.of("hq", "channel_houston")) {
            assertEquals(0L, queryOne(database, "select count(*) from customer_data_key where customer_id = ?", id),
                    when + ": the data key is destroyed in " + database);
        }
    }

    /** A cash-and-carry sale at HOUSTON for the customer, once it is at HQ; returns its transaction id. */
    private static UUID sale(UUID customerId, String lines) throws Exception {
        HttpResponse<String> sale = channelPost("HOUSTON", "/api/v1/transactions", """
                {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD","lines":[%s]}""".formatted(customerId, lines));
        assertEquals(201, sale.statusCode(), sale.body());
        UUID transactionId = UUID.fromString(JSON.readTree(sale.body()).path("transactionId").asText());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Long.valueOf(1)
                .equals(queryOne("hq", "select count(*) from channel_transaction where transaction_id = ?", transactionId)));
        return transactionId;
    }

    private static JsonNode channel(JsonNode export, String channelId) {
        for (JsonNode part : export.path("channels")) {
            if (channelId.equals(part.path("channelId").asText())) {
                return part;
            }
        }
        throw new AssertionError(channelId + " is not in the export: " + export);
    }
}
