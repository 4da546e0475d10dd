package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Statuses that say the truth, through every service as processes: HQ requires a phone
 * ({@code hq.customer.required-fields=phone}; its process is restarted with it for this test and
 * back without it after), a store posts a customer without one and sees FAILED with the field to fix
 * (the event stream ends with it), edits the phone in, and sees SYNCED with an account number: HQ
 * retried by itself, no ops retry. The same HQ holds possible duplicates for ops ({@code
 * hq.duplicates.policy=HOLD}): the store shows ON_HOLD until ops link the customer to the account it
 * matched, whose next version then reaches its own store and its copy.
 */
class SyncStatusesSystemIT {

    private static ServiceProcess phoneRequiredHq;

    @BeforeAll
    static void hqRequiresAPhone() throws Exception {
        phoneRequiredHq = RunningSystem.restartHqWith(Map.of("hq.customer.required-fields", "phone",
                "hq.duplicates.policy", "HOLD"));
    }

    @AfterAll
    static void hqAsUsual() throws Exception {
        RunningSystem.restartHqAsUsual(phoneRequiredHq);
    }

    @Test
    void aCustomerWithoutTheFieldHqRequiresIsFailedAtTheStoreUntilAnEditGetsItSynced() throws Exception {
        String marker = "Status" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", """
                {"firstName":"%s","lastName":"Tester","email":"%s@example.com",
                 "addresses":[{"street":"1 Main St","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase()));
        assertEquals(201, created.statusCode(), created.body());
        UUID id = idOf(created.body());

        // the storefront's stream ends with HQ's refusal, not after its timeout
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(RunningSystem.customers("HOUSTON", "/" + id + "/events"))
                        .header("Authorization", "Bearer " + HOUSTON_POS).build(),
                HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        Iterator<String> data = stream.body().filter(line -> line.startsWith("data:")).iterator();
        String last = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            String line = data.next();
            while (data.hasNext()) {
                line = data.next();
            }
            return line;
        });
        assertTrue(last.contains("\"status\":\"FAILED\"") && last.contains("\"fieldsToFix\":[\"phone\"]")
                && last.contains("\"statusReason\":\"REQUIRED_FIELDS_MISSING\""), last);
        String failed = RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id);
        assertTrue(failed.contains("\"status\":\"FAILED\"") && failed.contains("\"accountNumber\":null"), failed);
        assertTrue(send("HOUSTON", HOUSTON_POS, "GET", "?q=" + marker.toLowerCase(), null).body()
                .contains("\"status\":\"FAILED\""), "till search shows it too");

        HttpResponse<String> edited = send("HOUSTON", HOUSTON_POS, "PATCH", "/" + id, "{\"phone\":\"+1 713 555 0199\"}");
        assertEquals(200, edited.statusCode(), edited.body());

        String synced = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"SYNCED\""));
        assertTrue(synced.matches(".*\"accountNumber\":\"C\\d{6}\".*") && synced.contains("\"fieldsToFix\":[]"), synced);
        assertEquals(0L, queryOne("hq", "select count(*) from staging_history where customer_id = ? and detail = 'retried by ops'", id));
        for (ServiceProcess service : List.of(phoneRequiredHq, RunningSystem.get().service(LocalSystem.DISTRIBUTION),
                RunningSystem.get().service(LocalSystem.channelService("HOUSTON")))) {
            assertFalse(Files.readString(service.log()).toLowerCase().contains(marker.toLowerCase()),
                    service.name() + " logged personal data");
        }
    }

    @Test
    void opsCorrectionOfAFailedCustomerReachesTheStoreThatCreatedIt() throws Exception {
        String marker = "Correct" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", """
                {"firstName":"%s","lastName":"Misspeled","email":"%s@example.com",
                 "addresses":[{"street":"1 Main St","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase()));
        assertEquals(201, created.statusCode(), created.body());
        UUID id = idOf(created.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"FAILED\""));

        // ops correct the staged customer at HQ and retry it: HQ's customer, not the store's, is the truth
        assertEquals(200, ops("PATCH", "/api/v1/staging/" + id, "{\"lastName\":\"Corrected\",\"phone\":\"+1 713 555 0188\"}"));
        int retried = ops("POST", "/api/v1/staging/" + id + "/retry", null);
        assertTrue(retried / 100 == 2, "retry answered " + retried);

        String synced = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"SYNCED\""));
        assertTrue(synced.contains("\"lastName\":\"Corrected\"") && synced.contains("\"phone\":\"+1 713 555 0188\"")
                && synced.contains("\"hqVersion\":1"), synced);
    }

    @Test
    void aHeldPossibleDuplicateIsOnHoldAtTheStoreUntilOpsLinkItAndTheAccountsNextVersionReachesEveryStore() throws Exception {
        String marker = "Twin" + UUID.randomUUID().toString().substring(0, 8);
        UUID first = idOf(postPerson(marker, "1 Main St").body());
        String account = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> (String) queryOne("channel_houston", "select account_number from customer where id = ?", first),
                java.util.Objects::nonNull);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(1).equals(queryOne("channel_online", "select hq_version from customer where id = ?", first)));

        // the same person again (name and e-mail), at another address: HQ holds it for ops, the store says so
        UUID second = idOf(postPerson(marker, "2 Second St").body());
        String held = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, second), body -> body.contains("\"status\":\"ON_HOLD\""));
        assertTrue(held.contains("\"accountNumber\":null"), held);

        assertEquals(200, ops("POST", "/api/v1/staging/" + second + "/decision", "{\"decision\":\"LINK\"}"));

        String linked = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, second), body -> body.contains("\"status\":\"SYNCED\""));
        assertTrue(linked.contains("\"accountNumber\":\"" + account + "\""), linked);
        // the account has the second address now: its version 2 reaches its own store and its copy online
        assertEquals(2L, queryOne("hq", "select version from customer where customer_id = ?", first));
        for (String database : List.of("channel_houston", "channel_online")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> Long.valueOf(2).equals(queryOne(database, "select hq_version from customer where id = ?", first)));
        }
        assertEquals(2L, queryOne("channel_online", "select count(*) from customer_address where customer_id = ?", first));

        // the sync-mode storefront is told HQ's hold as such (409), keeps the customer once, on hold, and ops' link reaches it;
        // its retries with the same Idempotency-Key hear the same hold, also once the key's answer is gone (undone)
        String key = UUID.randomUUID().toString();
        HttpResponse<String> onHold = postOnline(key, marker, "3 Third St");
        assertEquals(409, onHold.statusCode(), onHold.body());
        assertTrue(onHold.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), onHold.body());
        UUID third = (UUID) queryOne("channel_online", "select id from customer where first_name = ? and not distributed", marker);
        assertEquals("ON_HOLD", queryOne("channel_online", "select status::text from customer where id = ?", third));
        assertEquals(onHold.body(), postOnline(key, marker, "3 Third St").body());
        forgetOnline(key);
        HttpResponse<String> again = postOnline(key, marker, "3 Third St");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("customer " + third), again.body());
        assertEquals(1L, queryOne("channel_online", "select count(*) from customer where first_name = ? and not distributed", marker));
        assertEquals(1L, queryOne("hq", "select count(*) from async_customer_staging where channel_id = 'ONLINE' "
                + "and payload->>'firstName' = ?", marker));
        assertEquals(200, ops("POST", "/api/v1/staging/" + third + "/decision", "{\"decision\":\"LINK\"}"));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> account.equals(queryOne("channel_online", "select account_number from customer where id = ?", third)));

        // the account's next version lists the storefront's own customer's address too: its copy online takes its own
        // two, and the storefront's row stays its customer's, where it was (it was moved, and deliveries then failed)
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> Long.valueOf(3).equals(queryOne("channel_online", "select hq_version from customer where id = ?", first)));
        assertEquals(2L, queryOne("channel_online", "select count(*) from customer_address where customer_id = ?", first));
        assertEquals(0, queryOne("channel_online", "select position from customer_address where customer_id = ?", third));
        HttpResponse<String> added = send("ONLINE", RunningSystem.ONLINE_STOREFRONT, "POST", "/" + third + "/addresses",
                "{\"street\":\"4 Fourth St\",\"city\":\"Houston\",\"zip\":\"77002\",\"country\":\"US\",\"purpose\":\"DELIVERY\"}");
        assertEquals(201, added.statusCode(), added.body());
        // HQ adds it to the account: the storefront's row learns its HQ address id from the account's next version
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> Long.valueOf(0).equals(
                queryOne("channel_online", "select count(*) from customer_address where customer_id = ? and hq_address_id is null",
                        third)));
    }

    @Test
    void aSyncModeRetryWithTheSameKeyIsOneCustomerEvenOnceTheKeysAnswerIsGone() throws Exception {
        String marker = "Retry" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        HttpResponse<String> created = postOnline(key, marker, "1 Main St");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"creationMode\":\"SYNC\""), created.body());
        UUID id = idOf(created.body());
        String account = (String) queryOne("hq", "select account_number from customer where customer_id = ?", id);
        forgetOnline(key); // as when the key's transaction was undone after the customer committed (a time-out, a crash)

        HttpResponse<String> retried = postOnline(key, marker, "1 Main St");
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals(id, idOf(retried.body()));
        assertTrue(retried.body().contains("\"accountNumber\":\"" + account + "\""), retried.body());
        assertEquals(1L, queryOne("hq", "select count(*) from customer where first_name = ?", marker));
        assertEquals(1L, queryOne("channel_online", "select count(*) from customer where first_name = ?", marker));
    }

    private static HttpResponse<String> postOnline(String idempotencyKey, String marker, String street) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(RunningSystem.customers("ONLINE", ""))
                .header("Authorization", "Bearer " + RunningSystem.ONLINE_STOREFRONT)
                .header("Content-Type", "application/json").header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(person(marker, street))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Deletes the key's answer in ONLINE's database, as an undone transaction would have left it. */
    @Test
    void aCustomerLinkedToAnAccountThatOpsMergeIntoAnotherFollowsItAndItsOldNumberStillFindsIt() throws Exception {
        String marker = "Chain" + UUID.randomUUID().toString().substring(0, 8);
        UUID c = idOf(postChained(marker, "c", "0101", "1 First St").body());
        UUID b = idOf(postChained(marker, "b", "0102", "2 Second St").body());
        String accountC = accountAtHouston(c);
        String accountB = accountAtHouston(b);
        // the same person as b (name and e-mail) at another till: held, and ops link it to B
        UUID h = idOf(send("HOUSTON", HOUSTON_POS, "POST", "", chained(marker, "b", "0103", "3 Third St")).body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, h), body -> body.contains("\"status\":\"ON_HOLD\""));
        assertEquals(200, ops("POST", "/api/v1/staging/" + h + "/decision", "{\"decision\":\"LINK\"}"));
        assertEquals(accountB, accountAtHouston(h));

        // b's till corrects its e-mail to c's: flagged, and ops merge B into C
        HttpResponse<String> edited = send("HOUSTON", HOUSTON_POS, "PATCH", "/" + b,
                "{\"email\":\"" + marker.toLowerCase() + ".c@example.com\"}");
        assertEquals(200, edited.statusCode(), edited.body());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> ops("POST", "/api/v1/staging/" + b + "/decision", "{\"decision\":\"LINK\"}") == 200);

        // the linked customer follows B to C at its store, and B, on its card, still finds both
        for (UUID moved : List.of(b, h)) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                    () -> accountC.equals(queryOne("channel_houston", "select account_number from customer where id = ?", moved)));
        }
        assertEquals(accountC, queryOne("hq", "select account_number from async_customer_staging where customer_id = ?", h));
        HttpResponse<String> found = send("HOUSTON", HOUSTON_POS, "GET", "?q=" + accountB, null);
        assertTrue(found.body().contains("\"total\":2") && found.body().contains(h.toString())
                && found.body().contains(b.toString()), found.body());
    }

    private static String accountAtHouston(UUID id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(
                () -> (String) queryOne("channel_houston", "select account_number from customer where id = ?", id),
                java.util.Objects::nonNull);
    }

    private static HttpResponse<String> postChained(String marker, String email, String phone, String street)
            throws Exception {
        HttpResponse<String> created = send("HOUSTON", HOUSTON_POS, "POST", "", chained(marker, email, phone, street));
        assertEquals(201, created.statusCode(), created.body());
        return created;
    }

    private static String chained(String marker, String email, String phone, String street) {
        return """
                {"firstName":"Ana","lastName":"%s","email":"%s.%s@example.com","phone":"+1 281 555 %s",
                 "addresses":[{"street":"%s","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase(), email, phone, street);
    }

    private static void forgetOnline(String idempotencyKey) throws Exception {
        try (java.sql.Connection db = RunningSystem.get().connect("channel_online");
                java.sql.PreparedStatement delete = db.prepareStatement("delete from idempotency_key where idempotency_key = ?")) {
            delete.setString(1, idempotencyKey);
            assertEquals(1, delete.executeUpdate());
        }
    }

    private static HttpResponse<String> postPerson(String marker, String street) throws Exception {
        return postPerson("HOUSTON", HOUSTON_POS, marker, street);
    }

    private static HttpResponse<String> postPerson(String channel, String key, String marker, String street) throws Exception {
        HttpResponse<String> created = send(channel, key, "POST", "", person(marker, street));
        assertTrue(created.statusCode() == 201 || !channel.equals("HOUSTON"), created.body());
        return created;
    }

    private static String person(String marker, String street) {
        return """
                {"firstName":"%s","lastName":"Twin","email":"%s@example.com","phone":"+1 713 555 0177",
                 "addresses":[{"street":"%s","city":"Houston","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(marker, marker.toLowerCase(), street);
    }

    private static int ops(String method, String path, String body) throws Exception {
        return RunningSystem.hqOps(method, path, body);
    }
}
