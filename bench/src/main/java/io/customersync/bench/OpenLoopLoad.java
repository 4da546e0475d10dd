package io.customersync.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Drives POST /api/v1/customers at a fixed offered rate, open loop: each request has an intended
 * start time and its latency is measured from then, so a server that falls behind shows its queue
 * (no coordinated omission). Remembers when each customer was posted, for conversion latency.
 * <p>
 * Like a store full of tills: up to {@code tills} keep-alive HTTP/1.1 connections, each with one
 * request at a time; a request that finds every till busy waits for one (and that wait counts).
 * Vert.x's client (one event loop) rather than the JDK's: the driver shares the machine with the
 * system it measures, and the JDK client cost several times the CPU per request.
 */
final class OpenLoopLoad implements AutoCloseable {

    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":\"([0-9a-f-]{36})\"");
    private static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final long TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(1);

    /** What one phase did. */
    record Phase(int offeredRate, int sent, int created, int failed, Map<String, Integer> failedAs, double seconds,
            Histogram postLatency, Map<UUID, Long> postedAt) {

        double achievedRate() {
            return created / seconds;
        }
    }

    private final Vertx vertx;
    /** Every request is sent and answered on this one event-loop context (see {@link #run}). */
    private final Context context;
    private final HttpClient http;
    /** Numbers every customer of the run (its e-mail, phone and address are made from the number). */
    private final AtomicLong people = new AtomicLong();

    /** Whether each POST carries an Idempotency-Key of its own, as a till that retries safely sends. */
    private final boolean keyed;
    private final String keyPrefix = "bench-" + UUID.randomUUID() + "-";

    OpenLoopLoad(int tills, CustomerBodies bodies, boolean keyed) {
        this.bodies = bodies;
        this.keyed = keyed;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000),
                new PoolOptions().setHttp1MaxSize(tills).setMaxWaitQueueSize(-1));
        this.context = vertx.getOrCreateContext();
    }

    /** Realistic customers ({@link CustomerBodies}), {@code shared} of them giving a contact value someone else gave. */
    private final CustomerBodies bodies;

    Phase run(URI customers, String apiKey, int rate, Duration duration) throws InterruptedException {
        return run(customers, apiKey, rate, duration, bodies::next);
    }

    /** @param body the POST body of customer number n of the run */
    Phase run(URI customers, String apiKey, int rate, Duration duration, LongFunction<String> body)
            throws InterruptedException {
        int total = (int) (rate * duration.toSeconds());
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        Histogram latency = new ConcurrentHistogram(MAX_LATENCY_NANOS, 3);
        Map<UUID, Long> postedAt = new ConcurrentHashMap<>();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Map<String, Integer> failedAs = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(total);
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = start + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long person = people.incrementAndGet();
            Buffer request = Buffer.buffer(body.apply(person));
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(customers.toString())
                    .putHeader("Authorization", "Bearer " + apiKey).putHeader("Content-Type", "application/json")
                    .setTimeout(TIMEOUT_MILLIS);
            if (keyed) {
                options.putHeader("Idempotency-Key", keyPrefix + person);
            }
            // Sent from the event loop, so the response's callbacks are chained before its body can
            // arrive (chained from this thread, a body could come first and be lost: a 201 read as empty).
            context.runOnContext(ignored -> http.request(options)
                    .compose(sent -> sent.send(request))
                    .compose(response -> response.body().map(answer -> Map.entry(response.statusCode(), answer.toString())))
                    .onComplete(result -> {
                        latency.recordValue(Math.min(System.nanoTime() - intended, MAX_LATENCY_NANOS));
                        Matcher id = result.succeeded() && result.result().getKey() == 201
                                ? CUSTOMER_ID.matcher(result.result().getValue()) : null;
                        if (id != null && id.find()) {
                            created.incrementAndGet();
                            postedAt.put(UUID.fromString(id.group(1)), intended);
                        } else {
                            failed.incrementAndGet();
                            String kind = result.succeeded() ? "HTTP " + result.result().getKey()
                                    : result.cause().getClass().getSimpleName();
                            if (failedAs.merge(kind, 1, Integer::sum) == 1 && result.succeeded()
                                    && result.result().getKey() < 300) {
                                System.err.println("unexpected answer " + kind + ": " + result.result().getValue());
                            }
                        }
                        done.countDown();
                    }));
        }
        done.await(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(rate, total, created.get(), failed.get(), new TreeMap<>(failedAs), seconds, latency, postedAt);
    }

    /** The number of the run's next customer (for other drivers sharing its bodies). */
    long nextPerson() {
        return people.incrementAndGet();
    }

    @Override
    public void close() {
        http.close();
        vertx.close();
    }
}
