package io.customersync.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.api.LoadShedding;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * No waiting request read at all: a held client whose slots stay busy is answered 503 once held for as long
 * as a request may wait (max-wait), not left unanswered in its connection.
 */
@QuarkusTest
@TestProfile(LoadSheddingHeldTooLongTest.NoneWaitingRead.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_held_too_long_test"))
class LoadSheddingHeldTooLongTest {

    static final String BODY = LoadSheddingWaitingRoomTest.BODY;
    /**
     * As long as a request may wait, held or waiting: c waits that long at most for b's slot, so b's whole POST must
     * end within it (2 s before: on a loaded CI machine the first POST after start took longer, c gave up, and b
     * was never held).
     */
    static final Duration MAX_WAIT = Duration.ofSeconds(5);

    @Inject
    LoadShedding shedding;

    public static class NoneWaitingRead implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.max-in-flight", "2", "api.load-shedding.max-waiting", "4",
                    "api.load-shedding.waiting-read", "0", "api.load-shedding.max-wait", MAX_WAIT.toMillis() + "ms",
                    "api.load-shedding.connection-pause", "0ms");
        }
    }

    @Test
    void aClientHeldAsLongAsARequestMayWaitGets503() throws Exception {
        try (Socket warm = UnfinishedPost.start(BODY)) { // the first POST after start is the slow one: not b's
            UnfinishedPost.finish(warm, BODY);
            assertTrue(UnfinishedPost.answer(warm.getInputStream()).contains(" 201 "));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0 && shedding.held() == 0);
        long refusedBefore = shedding.refusals();
        try (Socket a = UnfinishedPost.start(BODY); Socket b = UnfinishedPost.start(BODY)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 2);
            try (Socket c = UnfinishedPost.start(BODY)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> shedding.waiting() == 1);
                UnfinishedPost.finish(b, BODY);
                assertTrue(UnfinishedPost.answer(b.getInputStream()).contains(" 201 "));
                assertEquals(refusedBefore, shedding.refusals(), "c still waited when b ended (else b is not held)");
                await().atMost(Duration.ofSeconds(10)).until(() -> shedding.held() == 1);
                long sent = System.nanoTime();
                UnfinishedPost.post(b, BODY);
                AtomicInteger mostWaiting = new AtomicInteger();
                AtomicBoolean answered = new AtomicBoolean();
                CompletableFuture<Void> watching = CompletableFuture.runAsync(() -> {
                    while (!answered.get()) {
                        mostWaiting.accumulateAndGet(shedding.waiting(), Math::max);
                        LockSupport.parkNanos(1_000_000);
                    }
                });

                // a and c keep both slots: b's request is read once it was held max-wait, and refused
                String answer;
                try {
                    answer = UnfinishedPost.answer(b.getInputStream());
                } finally {
                    answered.set(true);
                }
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent);
                watching.get(10, TimeUnit.SECONDS);
                assertEquals(0, mostWaiting.get(), "refused when read, not made to wait again");
                assertTrue(answer.contains(" 503 "), answer);
                assertTrue(waited >= MAX_WAIT.toMillis() - 500, "refused after " + waited + " ms");
                assertEquals(0, shedding.held());
                assertEquals(2, shedding.inFlight(), "nothing was admitted meanwhile");

                UnfinishedPost.finish(c, BODY);
                assertTrue(UnfinishedPost.answer(c.getInputStream()).contains(" 201 "));
            }
            UnfinishedPost.finish(a, BODY);
            assertTrue(UnfinishedPost.answer(a.getInputStream()).contains(" 201 "));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> shedding.inFlight() == 0 && shedding.held() == 0);
    }
}
