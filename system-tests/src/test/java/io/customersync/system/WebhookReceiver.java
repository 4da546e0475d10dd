package io.customersync.system;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A storefront's real HTTP receiver of webhook deliveries on a free port of this machine: remembers
 * every request, and answers 500 while it is told to fail, else 200.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as it arrived, and the status it was answered with. */
    record Received(String eventId, String eventType, String signature, String contentType, String body, int answered) {

        boolean accepted() {
            return answered == 200;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile boolean failing;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/hooks", this::handle);
        server.start();
    }

    void failing(boolean failing) {
        this.failing = failing;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort() + "/hooks/customers";
    }

    /** The requests whose body mentions {@code text} (a customer id), in arrival order. */
    List<Received> about(String text) {
        return received.stream().filter(r -> r.body().contains(text)).toList();
    }

    /** The check docs/api.md gives a receiver: HMAC-SHA256(secret, t + "." + body), lower-case hex, as v1. */
    static boolean signatureMatches(String header, String secret, String body) throws Exception {
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            parts.put(kv[0], kv.length == 2 ? kv[1] : "");
        }
        if (parts.get("t") == null || parts.get("v1") == null) {
            return false;
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((parts.get("t") + "." + body).getBytes(StandardCharsets.UTF_8)));
        return java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.get("v1").getBytes(StandardCharsets.US_ASCII));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int status = failing ? 500 : 200;
        var headers = exchange.getRequestHeaders();
        received.add(new Received(headers.getFirst("Webhook-Id"), headers.getFirst("Webhook-Event"),
                headers.getFirst("Webhook-Signature"), headers.getFirst("Content-Type"), body, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
