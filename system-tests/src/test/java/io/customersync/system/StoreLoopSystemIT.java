package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.ONLINE_STOREFRONT;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.queryOne;
import static io.customersync.system.RunningSystem.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The store's side of the loop (#21 items 4, 5, 7) through every service as processes, one system
 * start for the class: HQ runs requiring a phone ({@code hq.customer.required-fields=phone}, its
 * process restarted with it and back without it after, as in {@link SyncStatusesSystemIT}); the
 * storefront webhook posts a signed {@code customer.synced} to a real receiver, retried while the
 * receiver fails; the till finds a synced customer by its numbers, its phone typed differently and
 * part of its name, and the other store of the address book finds its copy; ONLINE (sync mode with
 * async fallback) answers HQ's refusal as a 422 and keeps nothing; ops run the store's P-job now and
 * find the run in the store's job history (#21 item 6).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StoreLoopSystemIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern ACCOUNT = Pattern.compile("\"accountNumber\":\"(C\\d{6})\"");
    private static final Pattern ASYNC_NUMBER = Pattern.compile("\"asyncCustomerNumber\":\"([A-Z]+-\\d+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ServiceProcess phoneRequiredHq;

    @BeforeAll
    static void hqRequiresAPhone() throws Exception {
        phoneRequiredHq = RunningSystem.restartHqWith(Map.of("hq.customer.required-fields", "phone"));
    }

    @AfterAll
    static void hqAsUsual() throws Exception {
        RunningSystem.restartHqAsUsual(phoneRequiredHq);
    }

    @Test
    @Order(1)
    void theAccountNumberReachesTheStorefrontSignedAndIsSentAgainWhileTheReceiverFails() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failing(true);
            HttpResponse<String> subscribed = ops("HOUSTON", "POST", "/api/v1/webhooks",
                    "{\"channelId\":\"HOUSTON\",\"url\":\"" + receiver.url() + "\",\"events\":[\"customer.synced\"]}");
            assertEquals(201, subscribed.statusCode(), subscribed.body());
            String secret = group(Pattern.compile("\"secret\":\"([^\"]+)\""), subscribed.body());
            try {
                String marker = marker("Hook");
                UUID id = idOf(post("HOUSTON", HOUSTON_POS, customer(marker, "+1 713 555 " + digits(4), "US")).body());

                // the receiver answers 500: the delivery stays pending, with the error, and is sent again
                String pending = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                        () -> delivery("PENDING", id), d -> d != null && d.contains("\"lastError\":\"HTTP 500\""));
                assertTrue(pending.contains("\"type\":\"customer.synced\""), pending);
                receiver.failing(false);
                WebhookReceiver.Received taken = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                        () -> receiver.about(id.toString()).stream().filter(WebhookReceiver.Received::accepted)
                                .findFirst().orElse(null), r -> r != null);

                String synced = RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id);
                String account = group(ACCOUNT, synced);
                List<WebhookReceiver.Received> all = receiver.about(id.toString());
                assertTrue(all.size() >= 2 && !all.get(0).accepted(), "refused first, then taken: " + all);
                assertTrue(all.stream().allMatch(r -> r.eventId().equals(taken.eventId())), "one event id on every attempt: " + all);
                assertEquals("customer.synced", taken.eventType());
                assertTrue(taken.contentType().startsWith("application/json"), taken.contentType());
                String event = taken.body().replaceAll("\":\\s+", "\":"); // written by PostgreSQL: "key": value
                assertTrue(event.contains("\"id\":\"" + taken.eventId() + "\"")
                        && event.contains("\"type\":\"customer.synced\"")
                        && event.contains("\"channelId\":\"HOUSTON\"")
                        && event.contains("\"customerId\":\"" + id + "\"")
                        && event.contains("\"accountNumber\":\"" + account + "\"")
                        && event.contains("\"status\":\"SYNCED\""), "HQ's number " + account + ": " + taken.body());
                assertTrue(WebhookReceiver.signatureMatches(taken.signature(), secret, taken.body()), taken.signature());
                assertFalse(WebhookReceiver.signatureMatches(taken.signature(), secret,
                        taken.body().replace(account, "C999999")), "the signature covers the body");
                assertFalse(WebhookReceiver.signatureMatches(taken.signature(), secret + "x", taken.body()),
                        "the signature is made with the subscription's secret");
                long t = Long.parseLong(taken.signature().replaceAll("^t=(\\d+),v1=[0-9a-f]{64}$", "$1"));
                assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 300, "t is the time of sending: " + t);

                String delivered = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                        () -> delivery("DELIVERED", id), d -> d != null);
                assertTrue(delivered.contains("\"eventId\":\"" + taken.eventId() + "\""), delivered);
                assertTrue(delivery("PENDING", id) == null, "nothing left pending for it");
            } finally {
                ops("HOUSTON", "DELETE", "/api/v1/webhooks/HOUSTON", null); // other system tests run without it
            }
        }
    }

    @Test
    @Order(2)
    void theTillFindsASyncedCustomerByItsNumbersPhoneAndNameAndTheOtherStoreFindsItsCopy() throws Exception {
        String marker = marker("Find");
        String area = "7" + digits(2);
        String line = digits(4);
        UUID id = idOf(post("HOUSTON", HOUSTON_POS, customer(marker, "+1 (" + area + ") 555-" + line, "US")).body());
        String synced = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                () -> RunningSystem.getCustomer("HOUSTON", HOUSTON_POS, id), body -> body.contains("\"status\":\"SYNCED\""));
        String account = group(ACCOUNT, synced);
        String asyncNumber = group(ASYNC_NUMBER, synced);

        for (String q : List.of(account, asyncNumber.toLowerCase(), area + "555" + line, marker.substring(2, 10).toLowerCase())) {
            String found = search("HOUSTON", HOUSTON_POS, q);
            assertTrue(found.contains("\"customerId\":\"" + id + "\""), "HOUSTON searched " + q + ": " + found);
        }
        assertFalse(search("HOUSTON", HOUSTON_POS, marker("Nobody")).contains(id.toString()), "a search finds what it matches only");

        // ONLINE shares HOUSTON's address book: its till finds the copy (once distribution wrote it) the same ways
        for (String q : List.of(account, area + "555" + line, marker.substring(2, 10).toLowerCase())) {
            String found = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                    () -> search("ONLINE", ONLINE_STOREFRONT, q), body -> body.contains(id.toString()));
            assertTrue(found.contains("\"channelId\":\"HOUSTON\"") && found.contains("\"status\":\"SYNCED\""), found);
        }
    }

    @Test
    @Order(3)
    void aCountryThatDoesNotExistIsRefusedAndNothingIsSaved() throws Exception {
        String marker = marker("Country");
        HttpResponse<String> refused = post("HOUSTON", HOUSTON_POS, customer(marker, "+1 713 555 " + digits(4), "ZZ"));
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), refused.headers().toString());
        assertTrue(refused.body().contains("country"), refused.body());
        assertEquals(0L, queryOne("channel_houston", "select count(*) from customer where last_name = ?", marker));
    }

    @Test
    @Order(4)
    void theSyncModeStoreAnswersHqsRefusalAsItsOwnAndKeepsNothingAndAValidCustomerIsNumberedAtOnce() throws Exception {
        assertEquals("SYNC_WITH_ASYNC_FALLBACK", SystemLayout.CHANNELS.stream().filter(c -> c.id().equals("ONLINE"))
                .findFirst().orElseThrow().creationMode());
        String refusedMarker = marker("Nophone");
        HttpResponse<String> refused = post("ONLINE", ONLINE_STOREFRONT, customer(refusedMarker, null, "US"));
        assertEquals(422, refused.statusCode(), "HQ's refusal, not a fallback to async: " + refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), refused.headers().toString());
        assertTrue(refused.body().contains("\"field\":\"phone\""), "the field to fix, named: " + refused.body());
        assertEquals(0L, queryOne("channel_online", "select count(*) from customer where last_name = ?", refusedMarker),
                "no async customer left behind");
        assertFalse(search("ONLINE", ONLINE_STOREFRONT, refusedMarker.toLowerCase()).contains(refusedMarker));

        String marker = marker("Online");
        HttpResponse<String> created = post("ONLINE", ONLINE_STOREFRONT, customer(marker, "+1 281 555 " + digits(4), "US"));
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(created.body().contains("\"status\":\"SYNCED\"") && created.body().contains("\"creationMode\":\"SYNC\""),
                created.body());
        String account = group(ACCOUNT, created.body());
        UUID id = idOf(created.body());
        assertEquals(account, queryOne("channel_online", "select account_number from customer where id = ?", id));
        assertEquals("SYNCED", queryOne("channel_online", "select status::text from customer where id = ?", id));
        assertEquals(1L, queryOne("channel_online",
                "select count(*) from customer_address where customer_id = ? and hq_address_id is not null", id),
                "its address saved with HQ's address id");
        assertEquals(account, queryOne("hq", "select account_number from customer where customer_id = ?", id));
    }

    @Test
    @Order(5)
    void opsRunTheStoresPJobNowAndItsRunIsInTheStoresJobHistory() throws Exception {
        HttpResponse<String> jobs = ops("HOUSTON", "GET", "/api/v1/jobs", null);
        assertEquals(200, jobs.statusCode(), jobs.body());
        assertTrue(jobs.body().contains("\"name\":\"p-job\"") && jobs.body().contains("\"mode\":\"CONTINUOUS\""), jobs.body());
        long before = (Long) queryOne("channel_houston", "select count(*) from job_run where job = ? and trigger = 'ON_DEMAND'", "p-job");

        HttpResponse<String> run = ops("HOUSTON", "POST", "/api/v1/jobs/p-job/run", null);
        assertEquals(202, run.statusCode(), run.body());

        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> (Long) queryOne("channel_houston",
                "select count(*) from job_run where job = ? and trigger = 'ON_DEMAND'", "p-job") == before + 1);
        HttpResponse<String> runs = ops("HOUSTON", "GET", "/api/v1/jobs/p-job/runs?limit=500", null);
        assertEquals(200, runs.statusCode(), runs.body());
        assertEquals(before + 1, Pattern.compile("\"trigger\":\"ON_DEMAND\"").matcher(runs.body()).results().count(), runs.body());
        assertTrue(runs.body().contains("\"requestedBy\":\""), "who asked for it: " + runs.body());
    }

    private static String customer(String marker, String phone, String country) {
        return """
                {"firstName":"%s","lastName":"%s","email":"%s@example.com",%s
                 "addresses":[{"street":"%s Main St","city":"Houston","zip":"77002","country":"%s","purpose":"HOME"}]}"""
                .formatted(marker, marker, marker.toLowerCase(), phone == null ? "" : "\"phone\":\"" + phone + "\",",
                        digits(4), country);
    }

    private static String marker(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }

    private static HttpResponse<String> post(String channel, String key, String body) throws Exception {
        return send(channel, key, "POST", "", body);
    }

    private static String search(String channel, String key, String q) throws Exception {
        HttpResponse<String> found = send(channel, key, "GET", "?size=100&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8), null);
        assertEquals(200, found.statusCode(), found.body());
        return found.body();
    }

    /** The delivery of {@code customerId} in one status at HOUSTON, as the ops API lists it, or null. */
    private static String delivery(String status, UUID customerId) throws Exception {
        HttpResponse<String> listed = ops("HOUSTON", "GET", "/api/v1/webhooks/HOUSTON/deliveries?limit=500&status=" + status, null);
        assertEquals(200, listed.statusCode(), listed.body());
        Matcher one = Pattern.compile("\\{[^{}]*\"customerId\":\"" + customerId + "\"[^{}]*\\}").matcher(listed.body());
        return one.find() ? one.group() : null;
    }

    private static HttpResponse<String> ops(String channel, String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                + RunningSystem.get().layout().channelPorts().get(channel) + path))
                .header("Authorization", "Bearer " + SystemLayout.OPS_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertTrue(matcher.find(), pattern + " in " + text);
        assertNotNull(matcher.group(1));
        return matcher.group(1);
    }
}
