package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.ONLINE_STOREFRONT;
import static io.customersync.system.RunningSystem.accountNumbers;
import static io.customersync.system.RunningSystem.getCustomer;
import static io.customersync.system.RunningSystem.idOf;
import static io.customersync.system.RunningSystem.postCustomer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged services as separate processes, on one real broker and one real PostgreSQL with a
 * database per service and per channel: what ./run.sh starts, on free ports.
 */
class PipelineSystemIT {

    private static final int CUSTOMERS = 200;

    @BeforeAll
    static void startSystem() throws Exception {
        RunningSystem.get();
    }

    @Test
    void customersPostedToHoustonAllBecomeSyncedWithDistinctAccountNumbers() throws Exception {
        List<UUID> ids = RunningSystem.postCustomers("HOUSTON", HOUSTON_POS, CUSTOMERS, "Customer");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> accountNumbers("channel_houston", ids).size() == CUSTOMERS);
        List<String> accountNumbers = accountNumbers("channel_houston", ids);
        assertEquals(CUSTOMERS, new HashSet<>(accountNumbers).size(), "every customer its own account number");
        assertTrue(accountNumbers.stream().allMatch(a -> a.matches("C\\d{6}")), accountNumbers.toString());

        String shown = getCustomer("HOUSTON", HOUSTON_POS, ids.get(0));
        assertTrue(shown.contains("\"status\":\"SYNCED\""), shown);
    }

    @Test
    void anOnlineSignUpInSyncModeGetsItsAccountNumberInTheAnswer() throws Exception {
        String answer = postCustomer("ONLINE", ONLINE_STOREFRONT, "Instant");

        assertTrue(answer.contains("\"creationMode\":\"SYNC\""), answer);
        assertTrue(answer.contains("\"status\":\"SYNCED\""), answer);
        assertTrue(answer.matches(".*\"accountNumber\":\"C\\d{6}\".*"), answer);
        assertEquals(1, accountNumbers("channel_online", List.of(idOf(answer))).size());
    }

    @Test
    void whileHqIsStoppedSyncModeFallsBackToAsyncAndTheCustomerIsSyncedAfterHqRestarts() throws Exception {
        ServiceProcess hq = RunningSystem.get().service(LocalSystem.HQ);
        hq.stop(Duration.ofSeconds(15));
        try {
            String answer = postCustomer("ONLINE", ONLINE_STOREFRONT, "Offline");
            assertTrue(answer.contains("\"creationMode\":\"ASYNC_FALLBACK\""), answer);
            assertTrue(answer.contains("\"status\":\"ASYNC\""), answer);
            UUID id = idOf(answer);
            Thread.sleep(2_000);
            assertEquals(List.of(), accountNumbers("channel_online", List.of(id)), "no account number without HQ");

            hq.start();
            hq.awaitReady(Duration.ofMinutes(2));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> accountNumbers("channel_online", List.of(id)).size() == 1);
        } finally {
            if (!hq.isAlive()) {
                hq.start();
                hq.awaitReady(Duration.ofMinutes(2));
            }
        }
    }
}
