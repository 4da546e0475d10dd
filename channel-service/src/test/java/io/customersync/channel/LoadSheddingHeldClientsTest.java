package io.customersync.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.customersync.api.LoadShedding;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Two requests served at once, one waiting request read: a keep-alive client whose request ends while one
 * waits is held, its next request left unread in its connection (in no heap, #17 overload) until a request
 * leaves the waiting room; then it is read, waits and is served like any other.
 */
@QuarkusTest
@TestProfile(LoadSheddingHeldClientsTest.OneWaitingRead.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_held_clients_test"))
class LoadSheddingHeldClientsTest {

    static final String BODY = LoadSheddingWaitingRoomTest.BODY;

    @Inject
    LoadShedding shedding;

    /**
     * max-wait well beyond the test's steps (8 s before: the likely cause of one failure in a loaded CI run, d giving
     * up and its refusal reading b before /q/metrics was read).
     */
    public static class OneWaitingRead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.max-in-flight", "2", "api.load-shedding.max-waiting", "4",
                    "api.load-shedding.waiting-read", "1", "api.load-shedding.max-wait", "60s",
                    "api.load-shedding.connection-pause", "0ms");
        }
    }

    @AfterEach
    void slotsComeBack() {
        await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0 && shedding.waiting() == 0
                && shedding.held() == 0);
    }

    @Test
    void aClientWhoseRequestEndsWhileOneWaitsIsNotReadUntilOneLeavesTheWaitingRoom() throws Exception {
        try (Socket a = UnfinishedPost.start(BODY); Socket b = UnfinishedPost.start(BODY)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 2);
            try (Socket c = UnfinishedPost.startClosing(BODY)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> shedding.waiting() == 1);
                try (Socket d = UnfinishedPost.start(BODY)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> shedding.waiting() == 2);

                    // b's slot goes to c; d still waits, read: b is held, its next request not read
                    UnfinishedPost.finish(b, BODY);
                    assertTrue(UnfinishedPost.answer(b.getInputStream()).contains(" 201 "));
                    await().atMost(Duration.ofSeconds(10)).until(() -> shedding.held() == 1);
                    UnfinishedPost.post(b, BODY);
                    Thread.sleep(500);
                    assertEquals(1, shedding.held(), "b is still held");
                    assertEquals(1, shedding.waiting(), "b's next request was not read: only d waits");
                    assertEquals(0, b.getInputStream().available(), "and not answered");
                    assertEquals(1, LoadSheddingWaitingRoomTest.metric("customersync_load_shedding_held"));

                    // c ends, its slot goes to d: one left the waiting room, so b is read, and waits in turn (c closes
                    // its connection: there is nothing of it to hold)
                    UnfinishedPost.finish(c, BODY);
                    assertTrue(UnfinishedPost.answer(c.getInputStream()).contains(" 201 "));
                    await().atMost(Duration.ofSeconds(10)).until(() -> shedding.held() == 0 && shedding.waiting() == 1);

                    UnfinishedPost.finish(d, BODY);
                    assertTrue(UnfinishedPost.answer(d.getInputStream()).contains(" 201 "));
                    assertTrue(UnfinishedPost.answer(b.getInputStream()).contains(" 201 "), "b's next request was served");
                }
            }
            UnfinishedPost.finish(a, BODY);
            assertTrue(UnfinishedPost.answer(a.getInputStream()).contains(" 201 "));
        }
    }
}
