package io.customersync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Drives POST /api/v1/customers at a fixed offered rate, open loop: each request has an intended
 * start time and its latency is measured from then, so a server that falls behind shows its queue
 * (no coordinated omission). Remembers when each customer was posted, for conversion latency.
 */
final class OpenLoopLoad {

    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":\"([0-9a-f-]{36})\"");
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(5);

    /** What one phase did. */
    record Phase(int offeredRate, int sent, int created, int failed, double seconds, Histogram postLatency,
            Map<UUID, Long> postedAt) {

        double achievedRate() {
            return created / seconds;
        }
    }

    private final HttpClient http;
    private final ExecutorService callbacks;
    /** Numbers every customer of the run: a distinct person each (name, e-mail), as in a real store. */
    private final AtomicLong people = new AtomicLong();

    OpenLoopLoad(int threads) {
        this.callbacks = Executors.newFixedThreadPool(threads);
        // HTTP/1.1 like a till; the client opens as many keep-alive connections as requests are in flight
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    Phase run(URI customers, String apiKey, int rate, Duration duration) throws InterruptedException {
        int total = (int) (rate * duration.toSeconds());
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        Histogram latency = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
        Map<UUID, Long> postedAt = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * period;
            long customer = people.incrementAndGet();
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            HttpRequest request = HttpRequest.newBuilder(customers)
                    .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(1))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"Bench\",\"lastName\":\"Customer"
                            + customer + "\",\"email\":\"bench" + customer + "@example.com\"}"))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                latency.recordValue(Math.min(now - intended, MAX_LATENCY_NANOS));
                Matcher id = response == null ? null : CUSTOMER_ID.matcher(response.body());
                if (error == null && response.statusCode() == 201 && id.find()) {
                    created.incrementAndGet();
                    postedAt.put(UUID.fromString(id.group(1)), intended);
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
            });
        }
        done.await(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(rate, total, created.get(), failed.get(), seconds, latency, postedAt);
    }

    void close() {
        callbacks.shutdownNow();
    }
}
