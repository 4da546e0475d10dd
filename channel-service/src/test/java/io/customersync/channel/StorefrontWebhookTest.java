package io.customersync.channel;

import static io.customersync.channel.ChannelApi.ADA;
import static io.customersync.channel.ChannelApi.HOME;
import static io.customersync.channel.ChannelApi.POS_HOUSTON;
import static io.customersync.channel.ChannelApi.createCustomer;
import static io.customersync.channel.WebhookFixture.deliveries;
import static io.customersync.channel.WebhookFixture.replay;
import static io.customersync.channel.WebhookFixture.signatureMatches;
import static io.customersync.channel.WebhookFixture.subscribe;
import static io.customersync.channel.WebhookFixture.syncAsDistribution;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;


import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * The storefront webhook against a real HTTP receiver: signed events, retries of a failing receiver,
 * dead letters and their replay (test profile: 3 attempts, 200 ms back-off doubled up to 400 ms).
 */
@QuarkusTest
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = WebhookFixture.DATABASE))
class StorefrontWebhookTest {

    private static final String HOUSTON = "HOUSTON";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @AfterEach
    void unsubscribe() {
        WebhookFixture.unsubscribe(HOUSTON);
    }

    @Test
    void theAccountNumberWrittenByDistributionIsPostedSignedWithItsEventId() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String secret = subscribe(HOUSTON, receiver.url(), List.of("customer.synced")).statusCode(201)
                    .extract().path("secret");
            String customerId = createCustomer(POS_HOUSTON, ADA);
            edit(customerId); // customer.changed: not subscribed to
            syncAsDistribution(customerId, "C700001");

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            WebhookReceiver.Received synced = receiver.received().get(0);
            assertTrue(signatureMatches(synced.signature(), secret, synced.body()), synced.signature());
            assertTrue(!signatureMatches(synced.signature(), secret, synced.body().replace("C700001", "C700002")),
                    "the signature covers the body");
            long t = Long.parseLong(synced.signature().replaceAll("^t=(\\d+),.*$", "$1"));
            assertTrue(Math.abs(Instant.now().getEpochSecond() - t) < 300, "t is the time of sending: " + t);
            JsonPath event = JsonPath.from(synced.body());
            assertEquals("customer.synced", synced.eventType());
            assertEquals("customer.synced", event.getString("type"));
            assertEquals(synced.eventId(), event.getString("id"));
            assertEquals("application/json", synced.contentType());
            assertEquals(HOUSTON, event.getString("channelId"));
            assertEquals(customerId, event.getString("data.customerId"));
            assertEquals("C700001", event.getString("data.accountNumber"));
            assertEquals("SYNCED", event.getString("data.status"));

            syncAsDistribution(customerId, "C700001"); // written again, the same: no second event
            await().atMost(WAIT).untilAsserted(() -> deliveries(HOUSTON, "PENDING").statusCode(200).body("", hasSize(0)));
            deliveries(HOUSTON, "DELIVERED").statusCode(200).body("", hasSize(1))
                    .body("[0].eventId", org.hamcrest.Matchers.equalTo(synced.eventId()))
                    .body("[0].attempts", org.hamcrest.Matchers.equalTo(1));
        }
    }

    @Test
    void aFailingReceiverGetsEachEventAgainUntilItTakesItAndThenNeverAgain() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            subscribe(HOUSTON, receiver.url(), List.of("customer.changed")).statusCode(201);
            receiver.failNext(2, 500);
            String customerId = createCustomer(POS_HOUSTON, ADA);
            edit(customerId);
            ChannelApi.post(POS_HOUSTON, "/api/v1/customers/" + customerId + "/addresses", HOME).statusCode(201);

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 2);
            Set<String> taken = receiver.accepted().stream().map(WebhookReceiver.Received::eventId).collect(Collectors.toSet());
            assertEquals(2, taken.size(), "each event is taken once: " + receiver.received());
            Set<String> failed = receiver.received().stream().filter(r -> !r.accepted())
                    .map(WebhookReceiver.Received::eventId).collect(Collectors.toSet());
            assertTrue(taken.containsAll(failed), "a failed event is sent again, with its id: " + receiver.received());
            // marked delivered once the receiver's answer is in: a moment after it took the event
            await().atMost(WAIT).untilAsserted(() -> deliveries(HOUSTON, "DELIVERED").statusCode(200).body("", hasSize(2)));
            deliveries(HOUSTON, "PENDING").statusCode(200).body("", hasSize(0));

            Thread.sleep(1_500); // longer than the longest back-off and several polls
            assertEquals(4, receiver.received().size(), "two failures, two deliveries, nothing after: " + receiver.received());
        }
    }

    @Test
    void aReceiverDownPastTheAttemptsLeavesADeadLetterThatOpsReplay() throws Exception {
        int port;
        try (WebhookReceiver gone = WebhookReceiver.start()) {
            port = gone.port();
        }
        String url = "http://localhost:" + port + "/hooks/customers";
        subscribe(HOUSTON, url, List.of("customer.changed")).statusCode(201);
        String customerId = createCustomer(POS_HOUSTON, ADA);
        edit(customerId);

        await().atMost(WAIT).until(() -> deliveries(HOUSTON, "DEAD").extract().jsonPath().getList("").size() == 1);
        JsonPath dead = deliveries(HOUSTON, "DEAD").extract().jsonPath();
        String eventId = dead.getString("[0].eventId");
        assertEquals(3, dead.getInt("[0].attempts"));
        assertEquals("customer.changed", dead.getString("[0].type"));
        assertEquals(customerId, dead.getString("[0].customerId"));
        assertTrue(dead.getString("[0].lastError").contains("Connect"), dead.getString("[0].lastError"));

        try (WebhookReceiver back = WebhookReceiver.startOn(port)) {
            replay(HOUSTON, eventId).statusCode(202);
            await().atMost(WAIT).until(() -> back.accepted().size() == 1);
            assertEquals(eventId, back.accepted().get(0).eventId(), "replayed as it was: same event id");
            deliveries(HOUSTON, "DEAD").body("", hasSize(0));
            await().atMost(WAIT).untilAsserted(() -> deliveries(HOUSTON, "DELIVERED").body("", hasSize(1)));

            replay(HOUSTON, eventId).statusCode(409).contentType("application/problem+json");
            replay(HOUSTON, UUID.randomUUID().toString()).statusCode(404).contentType("application/problem+json");
            assertEquals(1, back.received().size());
        }
    }

    /** HQ's refusal written by distribution (its role): one customer.failed per refusal, however often written. */
    @Test
    void hqsRefusalWrittenIntoTheChannelDatabaseIsDeliveredOnce() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            subscribe(HOUSTON, receiver.url(), List.of("customer.failed")).statusCode(201);
            String customerId = createCustomer(POS_HOUSTON, ADA);
            java.time.Instant decidedAt = java.time.Instant.parse("2026-11-30T10:00:00Z");
            for (int i = 0; i < 2; i++) {
                WebhookFixture.refuseAsDistribution(customerId, decidedAt);
            }

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            JsonPath event = JsonPath.from(receiver.accepted().get(0).body());
            assertEquals("customer.failed", event.getString("type"));
            assertEquals(customerId, event.getString("data.customerId"));
            await().atMost(WAIT).untilAsserted(() -> deliveries(HOUSTON, "DELIVERED").body("", hasSize(1)));
            deliveries(HOUSTON, "PENDING").body("", hasSize(0));
        }
    }

    /**
     * HQ's erasure written by distribution: one customer.erased, ids only, so that the shop erases its own copy (GDPR
     * Art. 19); a receiver learnt it only from a 410 on its next read until 2026-12-06 (found by probing).
     */
    @Test
    void anErasureIsDeliveredOnceWithIdsOnly() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            subscribe(HOUSTON, receiver.url(), List.of("customer.erased")).statusCode(201);
            String customerId = createCustomer(POS_HOUSTON, ADA);
            syncAsDistribution(customerId, "C700009");
            WebhookFixture.eraseAsDistribution(customerId, "C700009");
            WebhookFixture.eraseAsDistribution(customerId, "C700009"); // written again: nothing more

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            WebhookReceiver.Received erased = receiver.accepted().get(0);
            JsonPath event = JsonPath.from(erased.body());
            assertEquals("customer.erased", event.getString("type"));
            assertEquals(customerId, event.getString("data.customerId"));
            assertEquals("C700009", event.getString("data.accountNumber"));
            assertTrue(!erased.body().contains((String) ADA.get("email")) && !erased.body().contains("Lovelace"),
                    "no personal data: " + erased.body());
            Thread.sleep(1_000);
            assertEquals(1, receiver.received().size(), receiver.received().toString());
        }
    }

    /**
     * The channel's own customer edited at another store comes back as HQ's next version: one customer.changed (none
     * for a version that changes no field, as the store's own edit coming back; found by probing: none at all before).
     */
    @Test
    void anEditMadeElsewhereThatHqBringsBackIsDeliveredAsAChange() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            subscribe(HOUSTON, receiver.url(), List.of("customer.changed")).statusCode(201);
            String customerId = createCustomer(POS_HOUSTON, ADA);
            syncAsDistribution(customerId, "C700010");
            WebhookFixture.newVersionAsDistribution(customerId, 1, (String) ADA.get("phone")); // HQ's first: no change
            WebhookFixture.newVersionAsDistribution(customerId, 2, "+1 832 555 0142"); // edited at another store
            WebhookFixture.newVersionAsDistribution(customerId, 3, "+1 832 555 0142"); // a version changing nothing here

            await().atMost(WAIT).until(() -> receiver.accepted().size() == 1);
            JsonPath event = JsonPath.from(receiver.accepted().get(0).body());
            assertEquals("customer.changed", event.getString("type"));
            assertEquals(customerId, event.getString("data.customerId"));
            Thread.sleep(1_000);
            assertEquals(1, receiver.received().size(), receiver.received().toString());
        }
    }

    private static void edit(String customerId) {
        given().header("Authorization", POS_HOUSTON).contentType(ContentType.JSON).body(Map.of("lastName", "King"))
                .when().patch("/api/v1/customers/" + customerId).then().statusCode(200);
    }
}
