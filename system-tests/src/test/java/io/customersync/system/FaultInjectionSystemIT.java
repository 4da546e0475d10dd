package io.customersync.system;

import static io.customersync.system.FaultRun.DOWN;
import static io.customersync.system.FaultRun.Posts.ALL_ACKNOWLEDGED;
import static io.customersync.system.FaultRun.Posts.SOME_REFUSED;
import static io.customersync.system.FaultRun.Posts.SOME_UNANSWERED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.customersync.testsupport.FreePorts;

/**
 * Loads a system of its own (packaged services and the broker as processes, one real PostgreSQL),
 * breaks it while customers are in flight, and checks the invariants after each fault
 * ({@link FaultRun}, {@link Invariants}). Target size: {@code -Dfaults.customers=10000
 * -Dfaults.down-seconds=60}; CI: 400 customers per scenario, 5 s outages.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.CONCURRENT) // beside the other system tests (junit-platform.properties), on a system of its own;
// its scenarios one after the other, in order, on the class's thread (SAME_THREAD on each)
class FaultInjectionSystemIT {

    static final FaultReport REPORT = new FaultReport();
    private static LocalSystem system;
    private static FaultRun faults;
    private static Path data;

    @BeforeAll
    static void startSystem() throws Exception {
        Path root = Path.of(System.getProperty("system.repo.root", "..")).toAbsolutePath().normalize();
        data = Files.createTempDirectory("fault-injection");
        system = LocalSystem.start(SystemLayout.randomPorts(), new LocalSystem.Options(root, data,
                root.resolve("system-tests/target/fault-logs"), SystemLayout.SHARED_KEY_LOAD_JVM_OPTIONS, FaultRun.START,
                Duration.ofSeconds(15)));
        faults = new FaultRun(system, new Invariants(system), REPORT);
    }

    @AfterAll
    static void report() throws Exception {
        String table = REPORT.markdown();
        System.out.println("\nFault-injection suite (" + FaultRun.CUSTOMERS + " customers per scenario, "
                + DOWN.toSeconds() + " s outages):\n" + table);
        REPORT.write(Path.of("target/fault-report.md"));
        if (system != null) {
            system.close();
        }
        if (data != null) {
            ThrowAwayFiles.delete(data); // the databases and the broker's log of the run
        }
    }

    @Test
    @Order(1)
    @Execution(ExecutionMode.SAME_THREAD)
    void hqServiceKilled() throws Exception {
        faults.run("kill -9 hq-service", faults.houston(), FaultRun.killed(system.service(LocalSystem.HQ),
                "hq-service"), ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(2)
    @Execution(ExecutionMode.SAME_THREAD)
    void distributionServiceKilled() throws Exception {
        faults.run("kill -9 distribution-service", faults.houston(), FaultRun.killed(
                system.service(LocalSystem.DISTRIBUTION), "distribution-service"), ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(3)
    @Execution(ExecutionMode.SAME_THREAD)
    void channelServiceTakingThePostsKilled() throws Exception {
        faults.run("kill -9 channel-service HOUSTON (async)", faults.houston(), FaultRun.killed(
                system.service(LocalSystem.channelService("HOUSTON")), "HOUSTON's channel-service, taking the POSTs,"),
                SOME_UNANSWERED);
    }

    @Test
    @Order(4)
    @Execution(ExecutionMode.SAME_THREAD)
    void syncModeChannelServiceKilled() throws Exception {
        faults.run("kill -9 channel-service ONLINE (sync mode)", faults.online(), FaultRun.killed(
                system.service(LocalSystem.channelService("ONLINE")), "ONLINE's channel-service, taking the POSTs,"),
                SOME_UNANSWERED);
    }

    @Test
    @Order(5)
    @Execution(ExecutionMode.SAME_THREAD)
    void brokerProcessKilled() throws Exception {
        long broker = system.kafkaPid();
        assertEquals(ProcessHandle.current().pid(), ProcessHandle.of(broker).flatMap(ProcessHandle::parent)
                .map(ProcessHandle::pid).orElse(-1L), "the broker is a process of its own, a child of the launcher");
        faults.run("kill -9 Kafka broker", faults.houston(), () -> {
            system.killKafka();
            assertFalse(ProcessHandle.of(broker).map(ProcessHandle::isAlive).orElse(false), "broker killed");
            Thread.sleep(DOWN.toMillis());
            for (ServiceProcess service : system.services()) {
                assertTrue(service.isAlive(), service.name() + " outlived the broker");
            }
            system.startKafka();
            return "the only broker's process killed, started again " + DOWN.toSeconds() + " s later";
        }, ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(6)
    @Execution(ExecutionMode.SAME_THREAD)
    void originatingChannelDatabaseAway() throws Exception {
        var row = faults.run("originating channel database away", faults.houston(),
                faults.databaseAway("channel_houston", "HOUSTON's database (taking the POSTs)"), SOME_REFUSED);
        assertTrue(row.load().refused() > 0, "POSTs met the outage and were refused with a 503 problem");
    }

    @Test
    @Order(7)
    @Execution(ExecutionMode.SAME_THREAD)
    void copyChannelDatabaseAway() throws Exception {
        faults.run("copy channel database away", faults.houston(), faults.databaseAway("channel_online",
                "ONLINE's database (receiving HOUSTON's customers)"), ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(8)
    @Execution(ExecutionMode.SAME_THREAD)
    void hqDatabaseAway() throws Exception {
        faults.run("HQ database away", faults.houston(), faults.databaseAway(SystemLayout.HQ_DATABASE,
                "HQ's database"), ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(9)
    @Execution(ExecutionMode.SAME_THREAD)
    void distributionDatabaseAway() throws Exception {
        faults.run("distribution database away", faults.houston(), faults.databaseAway(
                SystemLayout.DISTRIBUTION_DATABASE, "distribution's database"), ALL_ACKNOWLEDGED);
    }

    @Test
    @Order(10)
    @Execution(ExecutionMode.SAME_THREAD)
    void postgresRestarted() throws Exception {
        faults.run("PostgreSQL server restarted", faults.houston(), () -> {
            system.stopPostgres();
            Thread.sleep(DOWN.toMillis());
            system.startPostgres();
            return "the PostgreSQL server (every database) stopped, started again " + DOWN.toSeconds() + " s later";
        }, SOME_REFUSED);
    }

    @Test
    @Order(11)
    @Execution(ExecutionMode.SAME_THREAD)
    void twoHqInstancesOneKilled() throws Exception {
        ServiceProcess second = system.startAnotherInstance(LocalSystem.HQ, "hq-service-2", FreePorts.any());
        try {
            faults.run("two hq-service instances, one killed", faults.houston(), FaultRun.killed(
                    system.service(LocalSystem.HQ), "hq-service-2 started beside hq-service; hq-service"),
                    ALL_ACKNOWLEDGED);
        } finally {
            second.stop(Duration.ofSeconds(15));
        }
    }

    @Test
    @Order(12)
    @Execution(ExecutionMode.SAME_THREAD)
    void duplicateDeliveryChangesNothing() throws Exception {
        OffsetReset reset = new OffsetReset(system);
        Map<String, String> before = reset.snapshot();
        faults.run("duplicate delivery (offsets reset)", faults.houston(), () -> {
            long redelivered = reset.redeliver(DOWN);
            return String.format("hq-service and distribution-service stopped for %d s, both consumer groups reset to "
                    + "the beginning: %,d records delivered again (%,d rows that were there before: unchanged)",
                    DOWN.toSeconds(), redelivered, before.size());
        }, ALL_ACKNOWLEDGED, () -> {
            reset.awaitCaughtUp(Duration.ofMinutes(5));
            return reset.changedSince(before);
        });
    }

    @Test
    @Order(13)
    @Execution(ExecutionMode.SAME_THREAD)
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
}
