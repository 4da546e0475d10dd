package io.customersync.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.customersync.contracts.DataKey;

/**
 * hq-service's key lookup ({@code POST /api/v1/customer-keys/lookup}) over real HTTP, for the tests of
 * this module, which run without an HQ: answers HELD, ERASED or NOT_HELD from the keys a test hands it,
 * and only to distribution's key ({@link #API_KEY}), as HQ does (hq-service's SealedSyncTest tests HQ's own).
 */
final class HqKeysStub {

    static final String API_KEY = "demo-distribution";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HqKeysStub shared;

    private record Held(UUID customerId, byte[] secret) {
    }

    private final HttpServer server;
    private final Map<UUID, Held> keys = new ConcurrentHashMap<>();
    private final Set<UUID> erased = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> asked = new ConcurrentHashMap<>();

    private HqKeysStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/customer-keys/lookup", this::lookup);
        server.start();
    }

    static synchronized HqKeysStub shared() {
        if (shared == null) {
            try {
                shared = new HqKeysStub();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return shared;
    }

    String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** HQ holds this key of the customer from now on. */
    void hold(DataKey key, UUID customerId) {
        keys.put(key.keyId(), new Held(customerId, key.secret()));
    }

    /** The customer is erased at HQ: its keys are gone. */
    void erase(UUID customerId) {
        erased.add(customerId);
        keys.values().removeIf(k -> k.customerId().equals(customerId));
    }

    /** How often distribution asked for this key. */
    int timesAsked(UUID keyId) {
        return asked.getOrDefault(keyId, new AtomicInteger()).get();
    }

    private void lookup(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            List<Map<String, String>> answers = new ArrayList<>();
            for (JsonNode wanted : JSON.readTree(exchange.getRequestBody()).get("keys")) {
                UUID keyId = UUID.fromString(wanted.get("keyId").asText());
                UUID customerId = UUID.fromString(wanted.get("customerId").asText());
                asked.computeIfAbsent(keyId, k -> new AtomicInteger()).incrementAndGet();
                Held key = keys.get(keyId);
                String status = erased.contains(customerId) ? "ERASED"
                        : key != null && key.customerId().equals(customerId) ? "HELD" : "NOT_HELD";
                Map<String, String> answer = new java.util.HashMap<>(Map.of("keyId", keyId.toString(),
                        "customerId", customerId.toString(), "status", status));
                if (status.equals("HELD")) {
                    answer.put("key", Base64.getEncoder().encodeToString(key.secret()));
                }
                answers.add(answer);
            }
            byte[] body = JSON.writeValueAsBytes(Map.of("keys", answers));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
