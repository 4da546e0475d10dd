package io.customersync.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

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
 * Overload as impatient clients make it: {@code clients} keep-alive connections, each posting a
 * customer, and the moment it is answered (201, 503 or anything else) the next one, with no
 * back-off, for a fixed time. Counts the customers created per second (goodput) and the answers by
 * status. With {@code reconnect}, each request goes on a connection of its own ({@code Connection:
 * close}), as clients do that open a connection per call.
 */
final class ClosedLoopLoad {

    /** What one run did. */
    record Result(int clients, double seconds, int created, Map<String, Integer> answers) {

        double goodput() {
            return created / seconds;
        }
    }

    private ClosedLoopLoad() {
    }

    /**
     * Waits until the customers of earlier rows are synced back (the channel's ASYNC count stops
     * falling for 3 s: held possible duplicates stay ASYNC), at most {@code max}, so a row does not
     * share the machine with the pipeline's work for the row before it.
     *
     * @return how long it waited
     */
    static Duration settle(java.sql.Connection channel, Duration max) throws java.sql.SQLException, InterruptedException {
        return settle(channel, "select count(*) from customer where status = 'ASYNC'", max);
    }

    /**
     * Waits until what {@code countQuery} counts (work still to do) is zero or stops changing for 3 s, at most
     * {@code max}.
     *
     * @return how long it waited
     */
    static Duration settle(java.sql.Connection db, String countQuery, Duration max)
            throws java.sql.SQLException, InterruptedException {
        long start = System.nanoTime();
        long last = -1;
        int unchanged = 0;
        try (var count = db.prepareStatement(countQuery)) {
            while (System.nanoTime() - start < max.toNanos() && unchanged < 3) {
                try (var rows = count.executeQuery()) {
                    rows.next();
                    long waiting = rows.getLong(1);
                    unchanged = waiting == 0 ? 3 : waiting == last ? unchanged + 1 : 0;
                    last = waiting;
                }
                if (unchanged < 3) {
                    Thread.sleep(1000);
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    static Result run(URI customers, String apiKey, int clients, Duration duration, boolean reconnect,
            CustomerBodies bodies, LongSupplier people) throws InterruptedException {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(!reconnect).setConnectTimeout(5_000),
                    new PoolOptions().setHttp1MaxSize(clients).setMaxWaitQueueSize(-1));
            Context context = vertx.getOrCreateContext();
            AtomicInteger created = new AtomicInteger();
            Map<String, Integer> answers = new ConcurrentHashMap<>();
            CountDownLatch done = new CountDownLatch(clients);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(customers.toString())
                    .putHeader("Authorization", "Bearer " + apiKey).putHeader("Content-Type", "application/json")
                    .setTimeout(TimeUnit.MINUTES.toMillis(1));
            for (int i = 0; i < clients; i++) {
                context.runOnContext(ignored -> post(http, options, bodies, people, created, answers, end, done));
            }
            done.await(duration.toSeconds() + 120, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            http.close();
            return new Result(clients, seconds, created.get(), new TreeMap<>(answers));
        } finally {
            vertx.close();
        }
    }

    private static void post(HttpClient http, RequestOptions options, CustomerBodies bodies, LongSupplier people,
            AtomicInteger created, Map<String, Integer> answers, long end, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        Buffer body = Buffer.buffer(bodies.next(people.getAsLong()));
        http.request(options).compose(request -> request.send(body))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> {
                    String kind = result.succeeded() ? "HTTP " + result.result() : result.cause().getClass().getSimpleName();
                    answers.merge(kind, 1, Integer::sum);
                    if (result.succeeded() && result.result() == 201) {
                        created.incrementAndGet();
                    }
                    post(http, options, bodies, people, created, answers, end, done);
                });
    }
}
