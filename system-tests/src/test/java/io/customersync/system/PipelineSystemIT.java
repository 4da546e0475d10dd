package io.customersync.system;

import static org.awaitility.Awaitility.await;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged services as separate processes, on one real broker and one real PostgreSQL with a
 * database per service and per channel: what ./run.sh starts, on free ports.
 */
class PipelineSystemIT {

    private static final int CUSTOMERS = 200;
    private static final Pattern CUSTOMER_ID = Pattern.compile("\"customerId\":\"([0-9a-f-]{36})\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static LocalSystem system;

    @BeforeAll
    static void startSystem() throws Exception {
        Path root = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
        system = LocalSystem.start(SystemLayout.randomPorts(), new LocalSystem.Options(root, null,
                root.resolve("system-tests/target/system-logs"), List.of("-Xmx128m"), Duration.ofMinutes(3),
                Duration.ofSeconds(15)));
    }

    @AfterAll
    static void stopSystem() throws InterruptedException {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void customersPostedToHoustonAllBecomeSyncedWithDistinctAccountNumbers() throws Exception {
        List<UUID> ids = new ArrayList<>();
        ExecutorService terminals = Executors.newFixedThreadPool(4);
        try {
            List<Future<UUID>> posts = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                int n = i;
                posts.add(terminals.submit(() -> post("HOUSTON", "demo-pos-houston", "Customer" + n)));
            }
            for (Future<UUID> post : posts) {
                ids.add(post.get());
            }
        } finally {
            terminals.shutdown();
        }

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> accountNumbers("channel_houston", ids).size() == CUSTOMERS);
        List<String> accountNumbers = accountNumbers("channel_houston", ids);
        assertEquals(CUSTOMERS, new HashSet<>(accountNumbers).size(), "every customer its own account number");
        assertTrue(accountNumbers.stream().allMatch(a -> a.matches("C\\d{6}")), accountNumbers.toString());

        String shown = get("HOUSTON", "demo-pos-houston", ids.get(0));
        assertTrue(shown.contains("\"status\":\"SYNCED\""), shown);
    }

    @Test
    void aCustomerPostedWhileHqIsStoppedIsSyncedAfterItRestarts() throws Exception {
        ServiceProcess hq = system.service(LocalSystem.HQ);
        hq.stop(Duration.ofSeconds(15));

        UUID id = post("ONLINE", "demo-storefront-online", "Offline");
        Thread.sleep(2_000);
        assertEquals(List.of(), accountNumbers("channel_online", List.of(id)), "no account number without HQ");
        assertTrue(get("ONLINE", "demo-storefront-online", id).contains("\"status\":\"ASYNC\""));

        hq.start();
        hq.awaitReady(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> accountNumbers("channel_online", List.of(id)).size() == 1);
    }

    private static UUID post(String channel, String key, String firstName) throws Exception {
        String body = """
                {"firstName":"%s","lastName":"Tester","email":"%s@example.com","phone":"+1 555 0100",
                 "addresses":[{"street":"1 Main St","city":"Houston","state":"TX","zip":"77002","country":"US","purpose":"HOME"}]}"""
                .formatted(firstName, firstName.toLowerCase());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(customers(channel))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode(), response.body());
        Matcher matcher = CUSTOMER_ID.matcher(response.body());
        assertTrue(matcher.find(), response.body());
        return UUID.fromString(matcher.group(1));
    }

    private static String get(String channel, String key, UUID id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(customers(channel) + "/" + id))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    private static URI customers(String channel) {
        return URI.create("http://localhost:" + system.layout().channelPorts().get(channel) + "/api/v1/customers");
    }

    /** The account numbers of those customers that are SYNCED in the channel database. */
    private static List<String> accountNumbers(String database, List<UUID> ids) throws Exception {
        try (Connection db = system.connect(database);
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
}
