package io.customersync.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tills posting customers (and a cash-and-carry sale for every n-th one) as fast as the channel takes
 * them, in the background. Only what was acknowledged (201) counts: a POST that failed because the
 * service was killed under it is retried by no one, as a till would show an error.
 */
final class CustomerLoad {

    /** What the channel acknowledged, and how many POSTs failed. */
    record Result(List<UUID> customers, List<UUID> transactions, int failedPosts, List<String> failures) {
    }

    private static final java.util.regex.Pattern TRANSACTION_ID = java.util.regex.Pattern.compile(
            "\"transactionId\":\"([0-9a-f-]{36})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String key;
    private final int total;
    private final int transactionEvery;
    private static final AtomicInteger LOADS = new AtomicInteger();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final int load = LOADS.incrementAndGet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<UUID> customers = new CopyOnWriteArrayList<>();
    private final List<UUID> transactions = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> failures = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService tills;

    private CustomerLoad(int channelPort, String key, int total, int threads, int transactionEvery) {
        this.base = "http://localhost:" + channelPort + "/api/v1";
        this.key = key;
        this.total = total;
        this.transactionEvery = transactionEvery;
        this.tills = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            tills.submit(this::postUntilDone);
        }
        tills.shutdown();
    }

    static CustomerLoad start(int channelPort, String key, int total, int threads, int transactionEvery) {
        return new CustomerLoad(channelPort, key, total, threads, transactionEvery);
    }

    /** Waits until this many customers were attempted (the moment to inject a fault). */
    void awaitAttempted(int count) throws InterruptedException {
        while (next.get() < count && !tills.isTerminated()) {
            Thread.sleep(20);
        }
    }

    Result finish() throws InterruptedException {
        if (!tills.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load did not finish");
        }
        return new Result(List.copyOf(customers), List.copyOf(transactions), failed.get(), List.copyOf(failures));
    }

    private void postUntilDone() {
        for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
            try {
                String body = """
                        {"firstName":"Fault%1$d","lastName":"Load%2$s","email":"fault%1$d.%2$s@example.com",
                         "phone":"+1 %3$03d %1$07d","addresses":[{"street":"%1$d Main St","city":"Houston","state":"TX",
                         "zip":"77002","country":"US","purpose":"HOME"}]}""".formatted(n, run, load);
                HttpResponse<String> created = post("/customers", body);
                if (created.statusCode() != 201) {
                    fail("customer " + created.statusCode() + " " + created.body());
                    continue;
                }
                UUID customer = RunningSystem.idOf(created.body());
                customers.add(customer);
                if (n % transactionEvery == 0) {
                    HttpResponse<String> sale = post("/transactions", """
                            {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD",
                             "lines":[{"sku":"TEA-1","quantity":2,"unitPrice":3.25}]}""".formatted(customer));
                    if (sale.statusCode() == 201) {
                        transactions.add(TRANSACTION_ID.matcher(sale.body()).results().findFirst()
                                .map(m -> UUID.fromString(m.group(1))).orElseThrow());
                    } else {
                        fail("sale " + sale.statusCode() + " " + sale.body());
                    }
                }
            } catch (Exception e) {
                fail(e.toString());
            }
        }
    }

    private void fail(String why) {
        failed.incrementAndGet();
        if (failures.size() < 5) {
            failures.add(why.length() > 300 ? why.substring(0, 300) : why);
        }
        try {
            Thread.sleep(PAUSE_AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
