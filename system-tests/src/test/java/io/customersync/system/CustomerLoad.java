package io.customersync.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Tills posting customers (and a cash-and-carry sale for every n-th one) at an even pace over a given
 * time, in the background, so that a fault injected meanwhile meets a load that is still running. A
 * POST that failed is retried by no one, as a till would show an error; what the channel database
 * holds is read by {@link Invariants}, not taken from these answers. Each load's customers have a
 * last name of their own ({@link #lastName()}).
 */
final class CustomerLoad {

    /**
     * Where the tills post: the channel, its service's port, the key, every how many customers a sale
     * (0: none), and whether the channel creates customers in sync mode (through HQ's real-time service).
     */
    record Target(String channelId, int port, String key, int saleEvery, boolean syncMode) {
    }

    /**
     * What happened: the customers and sales acknowledged (201), the POSTs refused with a 503 problem,
     * and those that failed otherwise (no answer, another status), with a few examples.
     */
    record Result(String lastName, int attempted, List<UUID> customers, List<UUID> transactions, int refused,
            int failed, List<String> failures) {
    }

    private static final Pattern TRANSACTION_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PAUSE_AFTER_FAILURE = Duration.ofMillis(100);
    private static final AtomicInteger LOADS = new AtomicInteger();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Target target;
    private final String base;
    private final int total;
    private final long nanosPerCustomer;
    private final long startedAt = System.nanoTime();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final int load = LOADS.incrementAndGet();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final List<UUID> customers = new CopyOnWriteArrayList<>();
    private final List<UUID> transactions = new CopyOnWriteArrayList<>();
    private final Set<String> failures = ConcurrentHashMap.newKeySet();
    private final ExecutorService tills;

    private CustomerLoad(Target target, int total, int threads, Duration spreadOver) {
        this.target = target;
        this.base = "http://localhost:" + target.port() + "/api/v1";
        this.total = total;
        this.nanosPerCustomer = spreadOver.toNanos() / Math.max(1, total);
        this.tills = Executors.newFixedThreadPool(threads);
        for (int i = 0; i < threads; i++) {
            tills.submit(this::postUntilDone);
        }
        tills.shutdown();
    }

    /** Starts {@code total} customers spread evenly over {@code spreadOver} (faster is never allowed). */
    static CustomerLoad start(Target target, int total, int threads, Duration spreadOver) {
        return new CustomerLoad(target, total, threads, spreadOver);
    }

    /** The last name every customer of this load has (to find them in the databases). */
    String lastName() {
        return "Load" + run;
    }

    /** Waits until this many customers were attempted (the moment to inject a fault). */
    void awaitAttempted(int count) throws InterruptedException {
        while (next.get() < count && !tills.isTerminated()) {
            Thread.sleep(20);
        }
    }

    Result finish() throws InterruptedException {
        if (!tills.awaitTermination(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load did not finish");
        }
        return new Result(lastName(), total, List.copyOf(customers), List.copyOf(transactions), refused.get(),
                failed.get(), List.copyOf(failures));
    }

    private void postUntilDone() {
        for (int n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
            try {
                long due = startedAt + n * nanosPerCustomer - System.nanoTime();
                if (due > 0) {
                    TimeUnit.NANOSECONDS.sleep(due);
                }
                String body = """
                        {"firstName":"Fault%1$d","lastName":"%2$s","email":"fault%1$d.%4$s@example.com",
                         "phone":"+1 %3$03d %1$07d","addresses":[{"street":"%1$d Main St","city":"Houston","state":"TX",
                         "zip":"77002","country":"US","purpose":"HOME"}]}""".formatted(n, lastName(), load, run);
                HttpResponse<String> created = post("/customers", body);
                if (created.statusCode() != 201) {
                    refusedOrFailed("customer", created);
                    continue;
                }
                UUID customer = RunningSystem.idOf(created.body());
                customers.add(customer);
                if (target.saleEvery() > 0 && n % target.saleEvery() == 0) {
                    HttpResponse<String> sale = post("/transactions", """
                            {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD",
                             "lines":[{"sku":"TEA-1","quantity":2,"unitPrice":3.25}]}""".formatted(customer));
                    if (sale.statusCode() == 201) {
                        transactions.add(TRANSACTION_ID.matcher(sale.body()).results().findFirst()
                                .map(m -> UUID.fromString(m.group(1))).orElseThrow());
                    } else {
                        refusedOrFailed("sale", sale);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                fail(failed, e.toString());
            }
        }
    }

    /** A 503 problem+json is an honest refusal; any other answer is a failure. */
    private void refusedOrFailed(String what, HttpResponse<String> answer) {
        boolean problem = answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
        fail(answer.statusCode() == 503 && problem ? refused : failed,
                what + " " + answer.statusCode() + " " + answer.body());
    }

    private void fail(AtomicInteger counter, String why) {
        counter.incrementAndGet();
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
                .header("Authorization", "Bearer " + target.key()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
