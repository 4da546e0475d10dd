package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** The 1010 job on a schedule: queued work is delivered at the next run, without anyone asking. */
@QuarkusTest
@TestProfile(ScheduledJobTest.EverySecond.class)
@WithTestResource(ChannelDatabasesResource.class)
class ScheduledJobTest {

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("distribution.job.mode", "SCHEDULED", "distribution.job.interval", "1s",
                    "distribution-consumer.group-id", "distribution-scheduled");
        }
    }

    @Test
    void aScheduledJobDeliversAtItsNextRun() throws Exception {
        UUID customerId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        send(UUID.randomUUID(), synced("HOUSTON", customerId, "C500001"));

        assertEquals("C500001", awaitSynced("HOUSTON", customerId).accountNumber());
    }
}
