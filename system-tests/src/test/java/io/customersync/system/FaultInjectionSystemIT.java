package io.customersync.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Loads a system of its own (packaged services and the broker as processes, one real PostgreSQL),
 * breaks it while customers are in flight, and checks the invariants after each fault. Size:
 * {@code -Dfaults.customers} (default 2,000 per scenario; e.g. 20,000 on demand); every outage lasts
 * {@code -Dfaults.down-seconds} (default 5), then the part is started or let in again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionSystemIT {

    static final int CUSTOMERS = Integer.getInteger("faults.customers", 2_000);
    private static final int TILLS = 4;
    private static final int SALE_EVERY = 5;
    private static final Duration DOWN = Duration.ofSeconds(Long.getLong("faults.down-seconds", 5));
    private static final Duration CONVERGE = Duration.ofMinutes(5);
    private static final Duration START = Duration.ofMinutes(2);
    static final FaultReport REPORT = new FaultReport();
    private static LocalSystem system;
    private static Invariants invariants;

    /** A fault injected while the tills post; returns when the system has been given back. */
    @FunctionalInterface
    interface Fault {
        void inject() throws Exception;
    }

    @BeforeAll
    static void startSystem() throws Exception {
        Path root = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("fault-injection");
        system = LocalSystem.start(SystemLayout.randomPorts(), new LocalSystem.Options(root, data,
                root.resolve("system-tests/target/fault-logs"), SystemLayout.SHARED_KEY_LOAD_JVM_OPTIONS, START,
                Duration.ofSeconds(15)));
        invariants = new Invariants(system);
    }

    @AfterAll
    static void report() throws Exception {
        String table = REPORT.markdown();
        System.out.println("\nFault-injection suite (" + CUSTOMERS + " customers per scenario):\n" + table);
        REPORT.write(Path.of("target/fault-report.md"));
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void hqServiceKilledMidLoad() throws Exception {
        ServiceProcess hq = system.service(LocalSystem.HQ);
        run("kill -9 hq-service mid-load", "hq-service killed, restarted " + DOWN.toSeconds() + " s later",
                restartAfterKill(hq), false);
    }

    @Test
    @Order(2)
    void distributionServiceKilledMidLoad() throws Exception {
        ServiceProcess distribution = system.service(LocalSystem.DISTRIBUTION);
        run("kill -9 distribution-service mid-load", "distribution-service killed, restarted "
                + DOWN.toSeconds() + " s later", restartAfterKill(distribution), false);
    }

    @Test
    @Order(3)
    void channelServiceKilledMidLoad() throws Exception {
        ServiceProcess houston = system.service(LocalSystem.channelService("HOUSTON"));
        run("kill -9 channel-service HOUSTON mid-load", "the channel-service taking the POSTs killed, restarted "
                + DOWN.toSeconds() + " s later", restartAfterKill(houston), true);
    }

    @Test
    @Order(4)
    void brokerProcessKilledMidLoad() throws Exception {
        long broker = system.kafkaPid();
        assertEquals(ProcessHandle.current().pid(), ProcessHandle.of(broker).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid).orElse(-1L), "the broker is a process of its own, a child of the launcher");
        var row = run("kill -9 Kafka broker mid-load", "the only broker's process killed, started again "
                + DOWN.toSeconds() + " s later", () -> {
                    system.killKafka();
                    assertFalse(ProcessHandle.of(broker).map(ProcessHandle::isAlive).orElse(false), "broker killed");
                    Thread.sleep(DOWN.toMillis());
                    for (ServiceProcess service : system.services()) {
                        assertTrue(service.isAlive(), service.name() + " outlived the broker");
                    }
                    system.startKafka();
                }, false);
        assertEquals(0, row.failedPosts(), "POSTs keep succeeding while the broker is away");
    }

    @Test
    @Order(5)
    void aChannelDatabaseUnavailableForAWhile() throws Exception {
        run("channel database ONLINE unavailable", "ONLINE's database refused connections (existing ones killed) for "
                + DOWN.toSeconds() + " s while HOUSTON's customers were copied there", () -> {
                    setConnections("channel_online", false);
                    Thread.sleep(DOWN.toMillis());
                    setConnections("channel_online", true);
                }, false);
    }

    @Test
    @Order(6)
    void twoHqInstancesOneKilled() throws Exception {
        ServiceProcess second = system.startAnotherInstance(LocalSystem.HQ, "hq-service-2",
                io.customersync.testsupport.FreePorts.any());
        ServiceProcess first = system.service(LocalSystem.HQ);
        try {
            run("two hq-service instances, one killed", "hq-service-2 started beside hq-service; hq-service killed "
                    + "mid-load, restarted after the load", first::kill, false);
        } finally {
            if (!first.isAlive()) {
                first.start();
                first.awaitReady(START);
            }
            second.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(7)
    void duplicateDeliveryChangesNothing() throws Exception {
        postStatement("HOUSTON");
        OffsetReset reset = new OffsetReset(system, invariants);
        FaultReport.Row row = reset.run();
        REPORT.add(row);
        assertEquals(0, row.lost(), "nothing lost after redelivery");
        assertEquals(0, row.doubled(), "nothing doubled after redelivery");
    }

    @Test
    @Order(8)
    void noPersonalDataInAnyLogOfTheWholeRun() throws Exception {
        try (var logs = Files.list(Path.of(System.getProperty("system.repo.root", ".."))
                .resolve("system-tests/target/fault-logs"))) {
            for (Path log : logs.toList()) {
                String text = Files.readString(log);
                assertTrue(!text.contains("@example.com") && !text.matches("(?s).*Load[0-9a-f]{8}.*"),
                        log + " holds personal data of the load");
            }
        }
    }

    private FaultReport.Row run(String scenario, String faults, Fault fault, boolean postsMayFail) throws Exception {
        CustomerLoad load = CustomerLoad.start(system.layout().channelPorts().get("HOUSTON"), RunningSystem.HOUSTON_POS,
                CUSTOMERS, TILLS, SALE_EVERY);
        load.awaitAttempted(CUSTOMERS / 3);
        fault.inject();
        CustomerLoad.Result result = load.finish();
        for (ServiceProcess service : List.of(system.service(LocalSystem.HQ), system.service(LocalSystem.DISTRIBUTION),
                system.service(LocalSystem.channelService("HOUSTON")))) {
            if (!service.isAlive()) {
                service.start();
            }
            service.awaitReady(START);
        }
        var converged = invariants.awaitConverged(result, CONVERGE);
        Invariants.Check check = converged.getKey();
        FaultReport.Row row = new FaultReport.Row(scenario, result.customers().size(), faults, result.failedPosts(),
                check.lost(), check.doubled(), converged.getValue());
        REPORT.add(row);
        assertTrue(check.holds(), scenario + ": " + check);
        assertTrue(result.customers().size() >= CUSTOMERS / 2, "most POSTs were acknowledged: " + row);
        if (!postsMayFail) {
            assertEquals(0, result.failedPosts(), scenario + ": no POST failed; " + result.failures());
        }
        return row;
    }

    private static Fault restartAfterKill(ServiceProcess service) {
        return () -> {
            service.kill();
            Thread.sleep(DOWN.toMillis());
            service.start();
        };
    }

    private static void setConnections(String database, boolean allowed) throws Exception {
        try (var db = system.connect("postgres"); var statement = db.createStatement()) {
            statement.execute("alter database " + database + " with allow_connections " + allowed);
            if (!allowed) {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + database + "'");
            }
        }
    }

    private static void postStatement(String channelId) throws Exception {
        HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://localhost:" + system.layout().hqPort() + "/api/v1/statements/" + channelId + "/post"))
                .header("Authorization", "Bearer " + SystemLayout.OPS_KEY).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, posted.statusCode(), posted.body());
        assertEquals(0L, invariants.count("hq", "select count(*) from channel_transaction where channel_id = 'HOUSTON' "
                + "and type = 'CASH_AND_CARRY' and statement_id is null"), "every sale posted");
    }
}
