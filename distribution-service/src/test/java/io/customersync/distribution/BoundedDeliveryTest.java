package io.customersync.distribution;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;
import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * More channels than delivery workers: 12 channel databases (and one that cannot be reached) in one
 * address book, served by 2 workers. Every channel gets its copies, the unreachable one holds no
 * worker, the threads do not grow with the channels in use (2 in use, then 12), and idle channel
 * pools are closed.
 */
@QuarkusTest
@TestProfile(BoundedDeliveryTest.TwoWorkers.class)
@WithTestResource(ChannelDatabasesResource.class)
class BoundedDeliveryTest {

    private static final String OPS = "Bearer demo-ops";
    private static final int CHANNELS = 12;
    private static final String BOOK = "BOUNDED";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    public static class TwoWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distribution.delivery.workers", "2", "distribution.delivery.idle-close", "2s",
                    "distribution-consumer.group-id", "distribution-bounded");
        }
    }

    @Test
    void twelveChannelsAreServedByTwoWorkersAndIdleChannelsHoldNoConnection() throws Exception {
        List<String> channels = new ArrayList<>();
        try {
            // two channels of the book in use: a customer copied between them, every pool open (a page load reads every channel)
            addChannels(channels, 1, 2);
            post("B01", List.of(UUID.randomUUID()), channels);
            int fewInUse = openPoolsAfterPageLoads();
            List<String> threadsWithFew = threads();

            addChannels(channels, 3, CHANNELS);
            register("BDOWN", "jdbc:postgresql://localhost:" + FreePorts.any() + "/nowhere");
            List<UUID> customers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                customers.add(UUID.randomUUID());
            }
            // every channel has every customer with its account number, the unreachable one notwithstanding
            post("B01", customers.subList(0, 3), List.of());
            post("B07", customers.subList(3, 6), channels);
            given().header("Authorization", OPS).when().get("/api/v1/channels/BDOWN").then().statusCode(200)
                    .body("pending", greaterThan(0));
            // the store that is down waits on a timer (or for the sweep), not on a worker
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("customersync_delivery_workers_busy") == 0.0);
            given().header("Authorization", OPS).when().get("/api/v1/channels/BDOWN").then()
                    .body("pending", equalTo(customers.size()));

            // ten more channels in use: not one more thread for them (the delivery workers and probe threads are fixed pools)
            int manyInUse = openPoolsAfterPageLoads();
            List<String> threadsWithMany = threads();
            assertTrue(manyInUse >= fewInUse + CHANNELS - 2, fewInUse + " then " + manyInUse + " pools open");
            assertTrue(threadsWithMany.size() <= threadsWithFew.size() + 3,
                    fewInUse + " channels in use: " + threadsWithFew + "\n" + manyInUse + " channels in use: " + threadsWithMany);
            assertEquals(2, threadsWithMany.stream().filter(n -> n.startsWith("job:1010-worker-")).count(),
                    threadsWithMany.toString());
            assertTrue(threadsWithMany.stream().noneMatch(n -> n.contains("B01") || n.contains("B12") || n.contains("BDOWN")),
                    threadsWithMany.toString());

            // nobody uses the channels now: their pools close after idle-close, with their connections
            await().atMost(Duration.ofSeconds(30)).until(() -> metric("customersync_channel_pools_open") == 0.0);
            // (a backend ends a moment after its client closed the connection)
            await().atMost(Duration.ofSeconds(10)).until(() -> connectionsTo(channels) == 0);
        } finally {
            for (String channelId : channels) {
                given().header("Authorization", OPS).when().delete("/api/v1/channels/" + channelId).then().statusCode(200);
            }
            given().header("Authorization", OPS).when().delete("/api/v1/channels/BDOWN").then().statusCode(200);
        }
    }

    private static void addChannels(List<String> channels, int from, int to) {
        for (int i = from; i <= to; i++) {
            String channelId = String.format("B%02d", i);
            String database = "dist_channel_" + channelId.toLowerCase();
            PostgresServer postgres = PostgresServer.shared();
            postgres.createDatabase(database);
            Flyway.configure().dataSource(postgres.jdbcUrl(database), PostgresServer.USER, PostgresServer.PASSWORD)
                    .locations("classpath:db/channel", "classpath:db/outbox").load().migrate();
            register(channelId, postgres.jdbcUrl(database));
            channels.add(channelId);
        }
    }

    /** Posts the customers at the origin and waits until each of {@code channels} has them all with their account number. */
    private static void post(String origin, List<UUID> customers, List<String> channels) throws Exception {
        for (UUID customerId : customers) {
            try (Connection db = connect(origin)) {
                ChannelDatabases.insertAsyncCustomers(db, origin, List.of(customerId));
            }
            ChannelDatabases.send(UUID.randomUUID(), ChannelDatabases.synced(origin, customerId,
                    "C9" + String.format("%05d", SEQUENCE.incrementAndGet())));
        }
        for (String channelId : channels) {
            await().atMost(Duration.ofSeconds(60)).until(() -> numbered(channelId, customers) == customers.size());
        }
    }

    /** Loads the pipeline page twice (every channel read on the probe threads, all of which have started) and counts the pools open. */
    private static int openPoolsAfterPageLoads() {
        for (int i = 0; i < 2; i++) {
            given().header("Authorization", OPS).when().get("/api/v1/pipeline").then().statusCode(200);
        }
        return (int) metric("customersync_channel_pools_open");
    }

    /** The names of this JVM's live threads but the test's own awaits. */
    private static List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> !name.startsWith("awaitility")).sorted().toList();
    }

    private static void register(String channelId, String jdbcUrl) {
        given().header("Authorization", OPS).contentType("application/json")
                .body("{\"jdbcUrl\":\"" + jdbcUrl + "\",\"username\":\"customer_distribution\","
                        + "\"passwordRef\":\"config:distribution.channels.HOUSTON.password\",\"addressBook\":\"" + BOOK
                        + "\",\"excludeCustomerData\":false}")
                .when().put("/api/v1/channels/" + channelId).then().statusCode(201);
    }

    private static Connection connect(String channelId) throws Exception {
        return PostgresServer.shared().connect("dist_channel_" + channelId.toLowerCase());
    }

    private static int numbered(String channelId, List<UUID> customers) throws Exception {
        try (Connection db = connect(channelId);
                PreparedStatement count = db.prepareStatement(
                        "select count(*) from customer where account_number is not null and id = any(?)")) {
            count.setArray(1, db.createArrayOf("uuid", customers.toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int connectionsTo(List<String> channels) throws Exception {
        try (Connection admin = PostgresServer.shared().connect("postgres");
                PreparedStatement count = admin.prepareStatement(
                        "select count(*) from pg_stat_activity where datname = any(?) and usename = 'customer_distribution'")) {
            count.setArray(1, admin.createArrayOf("text",
                    channels.stream().map(id -> "dist_channel_" + id.toLowerCase()).toArray()));
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static double metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(metrics);
        if (!matcher.find()) {
            throw new AssertionError(name + " not in /q/metrics");
        }
        return Double.parseDouble(matcher.group(1));
    }
}
