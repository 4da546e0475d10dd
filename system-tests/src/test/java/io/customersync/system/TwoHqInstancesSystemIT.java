package io.customersync.system;

import static io.customersync.system.RunningSystem.HOUSTON_POS;
import static io.customersync.system.RunningSystem.accountNumbers;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.testsupport.FreePorts;

/** Two hq-service instances on one HQ database and one consumer group: never an account number twice. */
class TwoHqInstancesSystemIT {

    private static final int CUSTOMERS = 2_000;

    @Test
    void twoHqInstancesGiveTwoThousandCustomersTwoThousandDistinctAccountNumbers() throws Exception {
        LocalSystem system = RunningSystem.get();
        ServiceProcess second = system.startAnotherInstance(LocalSystem.HQ, LocalSystem.HQ + "-2", FreePorts.any());
        try {
            List<UUID> ids = RunningSystem.postCustomers("HOUSTON", HOUSTON_POS, CUSTOMERS, "Twin");

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> accountNumbers("channel_houston", ids).size() == CUSTOMERS);
            assertEquals(CUSTOMERS, new HashSet<>(accountNumbers("channel_houston", ids)).size());
        } finally {
            second.stop(Duration.ofSeconds(15));
        }
    }
}
