package io.customersync.channel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP server standing in for HQ's key escrow ({@code PUT /api/v1/customer-keys}) in every
 * channel test (a global test resource): it takes every key and remembers which customers it holds a
 * key of (forgetting those given back unused, {@code POST .../unused}), unless a test has closed it ({@link #close()}: it answers 503 as an HQ that is down).
 * Tests talk to it over HTTP ({@code /stub/...}), since test resources live in another class loader.
 */
@QuarkusTestResource(HqKeyEscrowStub.class)
public class HqKeyEscrowStub implements QuarkusTestResourceLifecycleManager {

    private static final Pattern CUSTOMER = Pattern.compile("\"customerId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern KEY_ID = Pattern.compile("\"keyId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern ONE_KEY = Pattern.compile("\\{[^{}]*}");

    private HttpServer server;
    /** The customers HQ holds a key of, with that key's id. */
    private final Map<String, String> customers = new ConcurrentHashMap<>();
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final AtomicInteger refused = new AtomicInteger();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/api/v1/customer-keys", this::escrow);
        server.createContext("/stub/open", exchange -> switchTo(exchange, true));
        server.createContext("/stub/refused", exchange -> {
            byte[] count = String.valueOf(refused.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, count.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(count);
            }
        });
        server.createContext("/stub/closed", exchange -> switchTo(exchange, false));
        server.createContext("/stub/customers/", exchange -> send(exchange,
                customers.containsKey(exchange.getRequestURI().getPath().substring("/stub/customers/".length())) ? 200 : 404));
        server.start();
        return Map.of("quarkus.rest-client.hq-keys.url", "http://localhost:" + server.getAddress().getPort());
    }

    private void escrow(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (open.get() && "POST".equals(exchange.getRequestMethod())
                && exchange.getRequestURI().getPath().endsWith("/unused")) {
            forget(exchange, body);
            return;
        }
        if (!open.get() || !"PUT".equals(exchange.getRequestMethod())) {
            refused.incrementAndGet();
            send(exchange, open.get() ? 405 : 503);
            return;
        }
        Matcher key = ONE_KEY.matcher(body);
        while (key.find()) {
            customers.put(field(CUSTOMER, key.group()), field(KEY_ID, key.group()));
        }
        send(exchange, 204);
    }

    /** Keys given back unused ({@code POST /api/v1/customer-keys/unused}): forgotten, as HQ does. */
    private void forget(HttpExchange exchange, String body) throws IOException {
        Matcher key = ONE_KEY.matcher(body);
        int forgotten = 0;
        while (key.find()) { // only a key it holds for that customer
            forgotten += customers.remove(field(CUSTOMER, key.group()), field(KEY_ID, key.group())) ? 1 : 0;
        }
        byte[] answer = ("{\"forgotten\":" + forgotten + "}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static String field(Pattern field, String key) {
        Matcher value = field.matcher(key);
        if (!value.find()) {
            throw new IllegalArgumentException("no " + field + " in " + key);
        }
        return value.group(1);
    }

    private void switchTo(HttpExchange exchange, boolean opened) throws IOException {
        open.set(opened);
        send(exchange, 204);
    }

    private static void send(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.flush();
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** HQ takes keys (the default). */
    static void open() {
        call("/stub/open");
    }

    /** HQ is down: every escrow is answered 503. */
    static void close() {
        call("/stub/closed");
    }

    /** How many escrows HQ refused so far. */
    static int refused() {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.hq-keys.url", String.class);
        try {
            return Integer.parseInt(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                    + "/stub/refused")).build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether HQ holds a key of this customer. */
    static boolean holdsKeyOf(String customerId) {
        return call("/stub/customers/" + customerId) == 200;
    }

    private static int call(String path) {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.hq-keys.url", String.class);
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
