package io.customersync.distribution;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
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

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.DataKey;
import io.customersync.contracts.EventJson;

/**
 * hq-service's key lookup ({@code POST /api/v1/customer-keys/lookup}) over real HTTP, for the tests of
 * this module, which run without an HQ: answers HELD, ERASED or NOT_HELD from the keys a test hands it,
 * and the keys it took lately ("ahead", decision 0018), and only to distribution's key ({@link #API_KEY}), as HQ does (hq-service's SealedSyncTest tests HQ's own).
 */
final class HqKeysStub {

    static final String API_KEY = "demo-distribution";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HqKeysStub shared;

    private record Held(UUID customerId, byte[] secret, Instant escrowedAt) {
    }

    private final HttpServer server;
    private final Map<UUID, Held> keys = new ConcurrentHashMap<>();
    private final Set<UUID> erased = ConcurrentHashMap.newKeySet();
    private final Map<UUID, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final Map<UUID, CustomerSynchronized> announced = new ConcurrentHashMap<>();
    private final Map<UUID, CustomerErased> erasedAnnounced = new ConcurrentHashMap<>();
    private Instant lastEscrow = Instant.EPOCH;

    private HqKeysStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/api/v1/customer-keys/lookup", this::lookup);
        server.createContext("/api/v1/customer-announcements", this::announcements);
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
        synchronized (keys) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            lastEscrow = now.isAfter(lastEscrow) ? now : lastEscrow.plus(1, ChronoUnit.MICROS); // as HQ's escrowed_at
            keys.put(key.keyId(), new Held(customerId, key.secret(), lastEscrow));
        }
    }

    /** The customer is erased at HQ: its keys are gone. */
    void erase(UUID customerId) {
        erased.add(customerId);
        keys.values().removeIf(k -> k.customerId().equals(customerId));
    }

    /** HQ's current announcement of the customer from now on, what a full sync reads (none: HQ has no customers). */
    void announce(CustomerSynchronized announcement) {
        announced.put(announcement.customerId(), announcement);
    }

    /** HQ erased the customer: a full sync reads its erasure from now on, no longer the customer. */
    void announceErasure(CustomerErased erasure) {
        announced.remove(erasure.customerId());
        erasedAnnounced.put(erasure.customerId(), erasure);
    }

    /** HQ forgets every customer it announced. */
    void forgetAnnouncements() {
        announced.clear();
        erasedAnnounced.clear();
    }

    /** How often distribution asked for this key. */
    int timesAsked(UUID keyId) {
        return asked.getOrDefault(keyId, new AtomicInteger()).get();
    }

    /** As HQ: up to "ahead" keys taken after "escrowedAfter" (oldest first), or the last taken without it. */
    private List<Map<String, String>> ahead(JsonNode request) {
        int max = request.path("ahead").asInt(0);
        Instant after = request.path("escrowedAfter").isTextual() ? Instant.parse(request.get("escrowedAfter").asText())
                : null;
        List<Map.Entry<UUID, Held>> taken;
        synchronized (keys) {
            taken = new ArrayList<>(keys.entrySet());
        }
        taken.sort(Comparator.comparing(e -> e.getValue().escrowedAt()));
        List<Map.Entry<UUID, Held>> chosen = after == null ? taken.subList(Math.max(0, taken.size() - max), taken.size())
                : taken.stream().filter(e -> e.getValue().escrowedAt().isAfter(after)).limit(max).toList();
        return chosen.stream().map(e -> Map.of("keyId", e.getKey().toString(),
                "customerId", e.getValue().customerId().toString(),
                "key", Base64.getEncoder().encodeToString(e.getValue().secret()),
                "escrowedAt", e.getValue().escrowedAt().toString())).toList();
    }

    private void lookup(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            List<Map<String, String>> answers = new ArrayList<>();
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            for (JsonNode wanted : request.get("keys")) {
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
            byte[] body = JSON.writeValueAsBytes(Map.of("keys", answers, "ahead", ahead(request)));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** As HQ: the announcements of customers created at the origins asked, by account number after "after". */
    private void announcements(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + API_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            List<String> origins = new ArrayList<>();
            String after = "";
            int limit = 500;
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                String value = URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
                switch (kv[0]) {
                    case "origin" -> origins.add(value);
                    case "after" -> after = value;
                    case "limit" -> limit = Integer.parseInt(value);
                    default -> { }
                }
            }
            String from = after;
            // both kinds by account number, as HQ pages them
            List<Object> page = java.util.stream.Stream.<Object>concat(announced.values().stream(),
                    erasedAnnounced.values().stream())
                    .filter(a -> origins.contains(origin(a)) && account(a).compareTo(from) > 0)
                    .sorted(Comparator.comparing(HqKeysStub::account)).limit(limit).toList();
            List<JsonNode> announcements = new ArrayList<>();
            List<JsonNode> erasures = new ArrayList<>();
            for (Object entry : page) {
                (entry instanceof CustomerErased ? erasures : announcements).add(JSON.readTree(EventJson.write(entry)));
            }
            Map<String, Object> answer = new java.util.HashMap<>(Map.of("announcements", announcements,
                    "erasures", erasures));
            answer.put("nextAfter", page.size() < limit ? null : account(page.get(page.size() - 1)));
            byte[] body = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String account(Object entry) {
        return entry instanceof CustomerErased e ? e.accountNumber() : ((CustomerSynchronized) entry).accountNumber();
    }

    private static String origin(Object entry) {
        return entry instanceof CustomerErased e ? e.originChannelId() : ((CustomerSynchronized) entry).originChannelId();
    }
}
