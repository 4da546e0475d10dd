package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * Records the fuzzer aims at: customers created at HOUSTON (async, then synced through HQ) and at
 * ONLINE (sync mode), an address and a transaction of each, the customers staged at HQ, the
 * channels and the jobs. Ids are kept in the order they were made, and the fuzzer picks them by
 * position, so a seed aims at the same records in every run (the services choose the UUIDs).
 */
final class ExistingRecords {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern TRANSACTION_ID = Pattern.compile("\"transactionId\":\"([0-9a-f-]{36})\"");
    private static final Map<String, List<String>> JOBS = Map.of("channel", List.of("p-job"),
            "hq", List.of("customer-sync", "order-sync", "statement-posting"),
            "distribution", List.of("1010", "customer-sync", "order-sync", "statement-posting"));

    /** "service/name" to ids. */
    private final Map<String, List<String>> ids = new TreeMap<>();

    /** Existing values of a parameter or property named {@code name} at {@code service}. */
    List<String> ids(String service, String name) {
        return ids.getOrDefault(service + "/" + name, List.of());
    }

    /** Values of that name that exist at other services but not at this one (another channel's records). */
    List<String> idsElsewhere(String service, String name) {
        List<String> here = ids(service, name);
        return ids.entrySet().stream().filter(e -> e.getKey().endsWith("/" + name) && !e.getKey().startsWith(service + "/"))
                .flatMap(e -> e.getValue().stream()).filter(id -> !here.contains(id)).distinct().toList();
    }

    private void add(String service, String name, String id) {
        ids.computeIfAbsent(service + "/" + name, k -> new ArrayList<>()).add(id);
    }

    @Override
    public String toString() {
        StringBuilder shown = new StringBuilder();
        ids.forEach((key, values) -> shown.append(key).append('=').append(values.size()).append(' '));
        return shown.toString().trim();
    }

    /** Creates the records through the services' APIs and waits until HOUSTON's are synced. */
    static ExistingRecords plant(LocalSystem system) throws Exception {
        ExistingRecords records = new ExistingRecords();
        List<UUID> all = new ArrayList<>();
        for (SystemLayout.Channel channel : SystemLayout.CHANNELS) {
            List<UUID> customers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                UUID id = RunningSystem.idOf(RunningSystem.postCustomer(channel.id(), channel.demoKey(),
                        "Fuzzseed" + channel.id().charAt(0) + (char) ('a' + i)));
                customers.add(id);
                records.add(channel.id(), "customerId", id.toString());
            }
            all.addAll(customers);
            String transaction = """
                    {"type":"CASH_AND_CARRY","customerId":"%s","currency":"USD",
                     "lines":[{"sku":"TEA-1","quantity":2,"unitPrice":3.25}]}""".formatted(customers.get(0));
            HttpResponse<String> recorded = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + system.layout().channelPorts().get(channel.id()) + "/api/v1/transactions"))
                    .header("Authorization", "Bearer " + channel.demoKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(transaction)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, recorded.statusCode(), recorded.body());
            Matcher matcher = TRANSACTION_ID.matcher(recorded.body());
            assertTrue(matcher.find(), recorded.body());
            records.add(channel.id(), "transactionId", matcher.group(1));
            for (UUID customer : customers) {
                for (String address : column(system, channel.database(),
                        "select id::text from customer_address where customer_id = ? order by id", customer)) {
                    records.add(channel.id(), "addressId", address);
                }
            }
            records.add(channel.id(), "name", JOBS.get("channel").get(0));
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> customers.stream().allMatch(id -> {
                try {
                    return "SYNCED".equals(RunningSystem.queryOne(channel.database(),
                            "select status from customer where id = ?", id));
                } catch (Exception e) {
                    return false;
                }
            }));
        }
        for (UUID customer : all) {
            if (!column(system, SystemLayout.HQ_DATABASE,
                    "select customer_id::text from async_customer_staging where customer_id = ?", customer).isEmpty()) {
                records.add("hq", "customerId", customer.toString());
                records.add("distribution", "customerId", customer.toString());
            }
        }
        for (String service : List.of("hq", "distribution")) {
            SystemLayout.CHANNELS.forEach(channel -> records.add(service, "channelId", channel.id()));
            JOBS.get(service).forEach(job -> records.add(service, "name", job));
        }
        return records;
    }

    private static List<String> column(LocalSystem system, String database, String sql, Object parameter)
            throws Exception {
        try (Connection db = system.connect(database); PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
