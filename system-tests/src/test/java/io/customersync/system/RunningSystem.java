package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One local system for all system tests of this JVM (what ./run.sh starts, on free ports), and
 * what the tests do with it over HTTP and JDBC.
 */
final class RunningSystem {

    static final String HOUSTON_POS = "demo-pos-houston";
    static final String ONLINE_STOREFRONT = "demo-storefront-online";
    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration HQ_STOP_GRACE = Duration.ofSeconds(15);
    private static LocalSystem system;

    private RunningSystem() {
    }

    static synchronized LocalSystem get() throws Exception {
        if (system == null) {
            Path root = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
            system = LocalSystem.start(SystemLayout.randomPorts(), new LocalSystem.Options(root, null,
                    root.resolve("system-tests/target/system-logs"), SystemLayout.SHARED_KEY_LOAD_JVM_OPTIONS,
                    Duration.ofMinutes(3),
                    Duration.ofSeconds(15)));
            LocalSystem started = system;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.halt(); // at the JVM's exit: no time for graceful stops (nothing is checked after)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        return system;
    }

    /** Stops HQ and starts it again with these settings (for one test class); returns that HQ. */
    static ServiceProcess restartHqWith(Map<String, String> settings) throws Exception {
        ServiceProcess usual = get().service(LocalSystem.HQ);
        ServiceProcess changed = usual.withSettings(settings);
        usual.stop(HQ_STOP_GRACE);
        changed.start();
        changed.awaitReady(Duration.ofMinutes(3));
        return changed;
    }

    /** Stops the HQ of {@link #restartHqWith} and starts HQ again as the system runs it. */
    static void restartHqAsUsual(ServiceProcess changed) throws Exception {
        changed.stop(HQ_STOP_GRACE);
        ServiceProcess usual = get().service(LocalSystem.HQ);
        usual.start();
        usual.awaitReady(Duration.ofMinutes(3));
    }

    /** POSTs a customer; returns the answer's body (status 201 checked). */
    static String postCustomer(String channel, String key, String firstName) throws Exception {
        String body = """
                {"firstName":"%s","lastName":"Tester","email":"%s@example.com","phone":"+1 555 0100",
                 "addresses":[{"street":"1 Main St","city":"Houston","state":"TX","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(firstName, firstName.toLowerCase());
        HttpResponse<String> response = send(channel, key, "POST", "", body);
        assertEquals(201, response.statusCode(), response.body());
        return response.body();
    }

    /** POSTs {@code count} customers from four terminals at once; returns their ids. */
    static List<UUID> postCustomers(String channel, String key, int count, String namePrefix) throws Exception {
        List<UUID> ids = new ArrayList<>();
        java.util.concurrent.ExecutorService terminals = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<UUID>> posts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                posts.add(terminals.submit(() -> idOf(postCustomer(channel, key, namePrefix + n))));
            }
            for (java.util.concurrent.Future<UUID> post : posts) {
                ids.add(post.get());
            }
        } finally {
            terminals.shutdown();
        }
        return ids;
    }

    static UUID idOf(String customerJson) {
        Matcher matcher = CUSTOMER_ID.matcher(customerJson);
        assertTrue(matcher.find(), customerJson);
        return UUID.fromString(matcher.group(1));
    }

    static HttpResponse<String> send(String channel, String key, String method, String path, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(customers(channel, path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An ops call to HQ's API ({@code demo-ops}): its status. */
    static int hqOps(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + get().layout().hqPort() + path))
                .header("Authorization", "Bearer demo-ops").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static String getCustomer(String channel, String key, UUID id) throws Exception {
        HttpResponse<String> response = send(channel, key, "GET", "/" + id, null);
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    static URI customers(String channel, String path) throws Exception {
        return URI.create("http://localhost:" + get().layout().channelPorts().get(channel) + "/api/v1/customers" + path);
    }

    /** The account numbers of those customers that are SYNCED in the channel database. */
    static List<String> accountNumbers(String database, List<UUID> ids) throws Exception {
        try (Connection db = get().connect(database);
                PreparedStatement select = db.prepareStatement(
                        "select account_number from customer where status = 'SYNCED' and id = any(?)")) {
            Array array = db.createArrayOf("uuid", ids.toArray());
            select.setArray(1, array);
            List<String> found = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    /** One value from a query with one parameter, or null. */
    static Object queryOne(String database, String sql, Object parameter) throws Exception {
        try (Connection db = get().connect(database); PreparedStatement select = db.prepareStatement(sql)) {
            select.setObject(1, parameter);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        }
    }
}
