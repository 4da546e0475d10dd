package io.customersync.channel;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * An async store's POST without an Idempotency-Key is answered on the event loop once its customer committed: it
 * needs no worker thread, so it is answered while every worker thread of the service waits for HQ (here: a sync-mode
 * channel's POSTs, held by HQ until the read time-out). Before, it queued behind them.
 */
@QuarkusTest
@TestProfile(TillPostWithoutWorkerThreadTest.FewWorkerThreads.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "channel_rts_test"))
@WithTestResource(value = HqStubResource.class, initArgs = @ResourceArg(name = "slow-ms", value = "9000"))
class TillPostWithoutWorkerThreadTest {

    private static final int WORKER_THREADS = 6;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static class FewWorkerThreads implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // HQ holds the sync-mode POSTs 8 s (2 s, the default, failed once in CI on a busy machine: the till's POST
            // took longer than what was left of them)
            return Map.of("quarkus.thread-pool.max-threads", String.valueOf(WORKER_THREADS),
                    "quarkus.rest-client.hq-rts.read-timeout", "8000");
        }
    }

    @TestHTTPResource("/api/v1/customers")
    URI customers;

    @Test
    void aTillsPostIsAnsweredWhileEveryWorkerThreadWaitsForHq() {
        String firstName = "W" + UUID.randomUUID().toString().substring(0, 8);
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, WORKER_THREADS)
                .mapToObj(i -> HTTP.sendAsync(ChannelApi.customerPost(customers, "Bearer test-pos-syncstore", null,
                        ChannelApi.customer(firstName, "Slow", i)),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> HqStubResource.SLOW_IN_HAND.get() >= WORKER_THREADS);

        HttpResponse<String> till = HTTP.sendAsync(ChannelApi.customerPost(customers, ChannelApi.POS_HOUSTON, null,
                ChannelApi.customer(firstName, "Tillman", 0)),
                HttpResponse.BodyHandlers.ofString()).join();

        assertEquals(201, till.statusCode(), till.body());
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone),
                "answered while every worker thread still waited for HQ");
        held.forEach(CompletableFuture::join);
    }
}
