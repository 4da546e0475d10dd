package io.customersync.channel;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.customersync.testsupport.PostgresServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server standing in for HQ's real-time service, answering by the customer's last name
 * the way hq-service answers: {@code Refused} 422 (HQ's rules), {@code Held} 409 (possible duplicate),
 * {@code Locked} 401, {@code Broken} 500, {@code Slow} after the channel's read time-out,
 * {@code SlowOnce} after the read time-out the first time a customer id is offered and at once after (HQ
 * numbered it at the first call: the staging row is keyed by the customer id),
 * {@code Overlong} a number the channel database cannot hold, {@code PlacedFirst} numbered C900002
 * after putting the customer into the channel database first (as the 1010 job does when this store
 * was slower than its origin grace), {@code Gathered} numbered C900001 once {@value #GATHERED} calls for customers of
 * one first name are in HQ's hands at once (500 if they are not within 1.8 s), {@code Counted} numbered C900001
 * and counted by first name ({@link #counted}), anything else numbered C900001.
 */
public class HqStubResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern FIELD = Pattern.compile("\"(customerId|channelId|asyncCustomerNumber|firstName|lastName)\"\\s*:\\s*\"([^\"]*)\"");

    /** How many calls {@code Gathered} waits for: more than the channel's database connections. */
    static final int GATHERED = 24;

    private static final Map<String, java.util.concurrent.CountDownLatch> GATHERINGS = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code Slow} calls in HQ's hands now (each holds the channel's thread that called until its read time-out). */
    static final java.util.concurrent.atomic.AtomicInteger SLOW_IN_HAND = new java.util.concurrent.atomic.AtomicInteger();

    /** Calls for customers named {@code Counted}, by first name. */
    private static final Map<String, Integer> COUNTED = new java.util.concurrent.ConcurrentHashMap<>();

    private static final java.util.Set<String> OFFERED_SLOWLY = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** How long a {@code Slow} call is held (init arg {@code slow-ms}): past the channel's read time-out. */
    private static volatile long slowMillis = 3_000;

    private HttpServer server;

    @Override
    public void init(Map<String, String> initArgs) {
        slowMillis = Long.parseLong(initArgs.getOrDefault("slow-ms", "3000"));
    }

    /** How many times HQ was asked for a customer {@code Counted} of this first name. */
    static int counted(String firstName) {
        return COUNTED.getOrDefault(firstName, 0);
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/rts/customers", HqStubResource::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return Map.of("quarkus.rest-client.hq-rts.url", "http://localhost:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> fields = new java.util.HashMap<>();
        Matcher field = FIELD.matcher(body);
        while (field.find()) {
            fields.putIfAbsent(field.group(1), field.group(2));
        }
        String lastName = fields.getOrDefault("lastName", "");
        switch (lastName) {
            case "Refused" -> send(exchange, 422, problem(422, "HQ requires an e-mail for this channel", "email"));
            case "Held" -> send(exchange, 409, problem(409, "held as a possible duplicate of C000042", "customerId"));
            case "Locked" -> send(exchange, 401, problem(401, "no valid API key", null));
            case "Broken" -> send(exchange, 500, "{}");
            case "Slow" -> {
                SLOW_IN_HAND.incrementAndGet();
                sleep();
                SLOW_IN_HAND.decrementAndGet();
                send(exchange, 200, numbered(fields, "C900001"));
            }
            case "SlowOnce" -> {
                if (OFFERED_SLOWLY.add(fields.get("customerId"))) {
                    sleep();
                }
                send(exchange, 200, numbered(fields, "C900001"));
            }
            case "Gathered" -> {
                java.util.concurrent.CountDownLatch all = GATHERINGS.computeIfAbsent(fields.get("firstName"),
                        name -> new java.util.concurrent.CountDownLatch(GATHERED));
                all.countDown();
                send(exchange, gathered(all) ? 200 : 500, numbered(fields, "C900001"));
            }
            case "Counted" -> {
                COUNTED.merge(fields.getOrDefault("firstName", ""), 1, Integer::sum);
                send(exchange, 200, numbered(fields, "C900001"));
            }
            case "Overlong" -> send(exchange, 200, numbered(fields, "C" + "9".repeat(40)));
            case "PlacedFirst" -> {
                placeInChannelDatabase(fields, "C900002");
                send(exchange, 200, numbered(fields, "C900002"));
            }
            default -> send(exchange, 200, numbered(fields, "C900001"));
        }
    }

    /** What the 1010 job writes for a customer its store has not saved (channel_rts_test: SyncModeAnswersTest's). */
    private static void placeInChannelDatabase(Map<String, String> fields, String accountNumber) throws IOException {
        try (Connection db = PostgresServer.shared().connect("channel_rts_test");
                PreparedStatement insert = db.prepareStatement("""
                        insert into customer (id, channel_id, async_customer_number, first_name, last_name, status,
                                              account_number, created_at, updated_at, synced_at, distributed)
                        values (?, ?, ?, 'Placed', 'PlacedFirst', 'SYNCED', ?, now(), now(), now(), false)""")) {
            insert.setObject(1, java.util.UUID.fromString(fields.get("customerId")));
            insert.setString(2, fields.get("channelId"));
            insert.setString(3, fields.get("asyncCustomerNumber"));
            insert.setString(4, accountNumber);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private static String numbered(Map<String, String> fields, String accountNumber) {
        return "{\"customerId\":\"" + fields.get("customerId") + "\",\"originChannelId\":\"" + fields.get("channelId")
                + "\",\"asyncCustomerNumber\":\"" + fields.get("asyncCustomerNumber") + "\",\"accountNumber\":\""
                + accountNumber + "\",\"addresses\":[],\"syncedAt\":\"2026-11-30T12:00:00Z\",\"version\":1}";
    }

    private static String problem(int status, String detail, String field) {
        return "{\"type\":\"about:blank\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"errors\":["
                + (field == null ? "" : "{\"field\":\"" + field + "\",\"message\":\"" + detail + "\"}") + "]}";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static boolean gathered(java.util.concurrent.CountDownLatch all) {
        try {
            return all.await(1_800, java.util.concurrent.TimeUnit.MILLISECONDS); // within the read time-out, 2 s
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(slowMillis); // the channel's read time-out is 2 s, unless a test sets another
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
