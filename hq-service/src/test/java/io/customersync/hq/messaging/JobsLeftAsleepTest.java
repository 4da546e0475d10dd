package io.customersync.hq.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.CustomerCreated;
import io.customersync.contracts.CustomerUpdated;
import io.customersync.contracts.EventType;
import io.customersync.hq.HqRows;
import io.customersync.hq.domain.StagingStatus;
import io.customersync.hq.jobs.HqJobs;
import io.customersync.messaging.IncomingEvent;
import io.customersync.messaging.JobHistory;
import io.customersync.messaging.JobRun;
import io.customersync.testsupport.PostgresAndKafkaResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * On an idle pipeline a lone new customer is numbered in the transaction that stages it; the customer-sync
 * and order-sync jobs are not woken for it (they would find nothing, beside the sync event's way out). Any
 * other upload still wakes them. The jobs' sweep is an hour here, so every run the history counts was woken.
 */
@QuarkusTest
@TestProfile(JobsLeftAsleepTest.NoSweep.class)
@WithTestResource(value = PostgresAndKafkaResource.class, initArgs = @ResourceArg(name = "database", value = "hq_asleep_test"))
class JobsLeftAsleepTest {

    public static class NoSweep implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hq.jobs.sweep-interval", "1h", "hq.upload-consumer.group-id", "hq-asleep-test");
        }
    }

    @Inject
    CustomerUploadConsumer consumer;

    @Inject
    JobHistory history;

    @Test
    void aLoneNewCustomerNumberedWhereStagedWakesNoJobAndItsEditWakesBoth() throws Exception {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        // an e-mail of its own and no phone: no other customer may be its duplicate (it would wait for the job)
        CustomerCreated created = new CustomerCreated(id, "HOUSTON", "HOUSTON-" + id, "Grace", "Hopper",
                "grace." + id + "@example.com", null, List.of(), Map.of(), now);
        await().atMost(Duration.ofSeconds(30)) // their START runs
                .until(() -> runs(HqJobs.ORDER_SYNC) > 0 && runs(HqJobs.CUSTOMER_SYNC) > 0);
        int customerSyncRuns = runs(HqJobs.CUSTOMER_SYNC);
        int orderSyncRuns = runs(HqJobs.ORDER_SYNC);

        consumer.apply(List.of(event(EventType.CUSTOMER_CREATED, created)));

        assertEquals(StagingStatus.SYNCED, QuarkusTransaction.requiringNew()
                .call(() -> HqRows.staged(id)).status, "numbered in the poll");
        Thread.sleep(500); // a woken job runs within milliseconds (below, the edit's)
        assertEquals(customerSyncRuns + 1, runs(HqJobs.CUSTOMER_SYNC), "only the run that numbered it where it was staged");
        assertEquals(orderSyncRuns, runs(HqJobs.ORDER_SYNC), "order-sync not woken");

        consumer.apply(List.of(event(EventType.CUSTOMER_UPDATED,
                new CustomerUpdated(id, "HOUSTON", "Grace", "Murray", null, null, Map.of(), now))));

        await().atMost(Duration.ofSeconds(10)).until(() -> runs(HqJobs.CUSTOMER_SYNC) > customerSyncRuns + 1
                && runs(HqJobs.ORDER_SYNC) > orderSyncRuns);
    }

    /** How many runs of the job the history holds, its open summary written first. */
    private int runs(String job) throws SQLException {
        history.flush(job);
        return history.recent(job, 1_000).stream().mapToInt(JobRun::runs).sum();
    }

    private static IncomingEvent event(EventType type, Object payload) {
        return new IncomingEvent(UUID.randomUUID(), type, "/channels/HOUSTON", Instant.now(), null, payload, null);
    }
}
