package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.Test;

import io.customersync.testsupport.PostgresServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The 1010 job's short way (decision 0016): a channel whose queue is empty gets its account numbers from the
 * consumer's own transaction, without a delivery worker's turn; one with deliveries waiting gets new ones
 * queued behind them; one that cannot be reached (OFFLINE) gets them queued with what they must deliver; one whose
 * database does not answer (a row lock held at the store) is given up on after a second, not after the socket
 * timeout, so that the consumer goes on to the other channels.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class StraightDeliveryTest {

    /** A delivery row as the test reads it. */
    private record Delivery(boolean inTheConsumersTransaction, boolean delivered, int attempts, String payload) {
    }

    @Test
    void aChannelWithNothingWaitingIsWrittenInTheConsumersTransaction() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customer));

        send(event, synced("HOUSTON", customer, "C500001"));

        assertEquals("C500001", awaitSynced("HOUSTON", customer).accountNumber());
        Delivery houston = delivery("HOUSTON", event);
        assertTrue(houston.inTheConsumersTransaction(), "delivered when received, in one transaction: " + houston);
        assertEquals(1, houston.attempts());
        assertEquals("{}", houston.payload(), "a delivered row keeps no personal data");
        Delivery offline = await().atMost(Duration.ofSeconds(30)).until(() -> delivery("OFFLINE", event),
                row -> row != null);
        assertFalse(offline.delivered(), "an unreachable channel's delivery waits in its queue: " + offline);
        assertTrue(offline.payload().contains("C500001"), "with what it must deliver: " + offline);
    }

    @Test
    void aChannelWithDeliveriesWaitingGetsNewOnesQueuedBehindThem() throws Exception {
        // HOUSTON has not saved this customer (yet): its delivery waits in the queue, retried after back-off
        UUID notThereYet = UUID.randomUUID();
        UUID waiting = UUID.randomUUID();
        send(waiting, synced("HOUSTON", notThereYet, "C500002"));
        await().atMost(Duration.ofSeconds(30)).until(() -> delivery("HOUSTON", waiting),
                row -> row != null && !row.delivered() && row.attempts() >= 1);

        UUID customer = UUID.randomUUID();
        UUID event = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customer));
        send(event, synced("HOUSTON", customer, "C500003"));

        assertEquals("C500003", awaitSynced("HOUSTON", customer).accountNumber());
        Delivery behind = await().atMost(Duration.ofSeconds(30)).until(() -> delivery("HOUSTON", event),
                row -> row != null && row.delivered());
        assertFalse(behind.inTheConsumersTransaction(), "queued, then delivered by a worker: " + behind);
        assertNull(ChannelDatabases.row("HOUSTON", notThereYet), "the waiting customer is still not there");
    }

    @Test
    void aStoreDatabaseThatDoesNotAnswerHoldsUpNoOtherChannel() throws Exception {
        UUID stuck = UUID.randomUUID();
        insertAsyncCustomers("OUTLET", List.of(stuck));
        try (Connection store = ChannelDatabases.connect("OUTLET"); Statement sql = store.createStatement()) {
            store.setAutoCommit(false);
            sql.execute("select 1 from customer where id = '" + stuck + "' for update"); // OUTLET's write now waits
            send(UUID.randomUUID(), synced("OUTLET", stuck, "C500004"));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock("dist_channel_outlet"));

            // the consumer wrote straight into OUTLET, whose database does not answer; the next poll is HOUSTON's
            UUID customer = UUID.randomUUID();
            insertAsyncCustomers("HOUSTON", List.of(customer));
            send(UUID.randomUUID(), synced("HOUSTON", customer, "C500005"));

            // within half the channel connections' socket timeout (30 s), which held the consumer before
            await().atMost(Duration.ofSeconds(15)).until(() -> ChannelDatabases.row("HOUSTON", customer),
                    row -> row != null && "SYNCED".equals(row.status()));
            assertEquals("ASYNC", ChannelDatabases.row("OUTLET", stuck).status(), "OUTLET still does not answer");
            store.rollback();
        }
        assertEquals("C500004", awaitSynced("OUTLET", stuck).accountNumber(), "delivered once OUTLET answers");
    }

    private static boolean waitingForALock(String database) throws Exception {
        try (Connection admin = PostgresServer.shared().connect("postgres"); Statement sql = admin.createStatement();
                ResultSet rs = sql.executeQuery("select count(*) from pg_stat_activity where datname = '" + database
                        + "' and wait_event_type = 'Lock'")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private static Delivery delivery(String channelId, UUID eventId) {
        return QueuedDeliveries.first("channel_id = ? and event_id = ?", channelId, eventId)
                .map(row -> new Delivery(row.receivedAt().equals(row.deliveredAt()), row.deliveredAt() != null,
                        row.attempts(), row.payload()))
                .orElse(null);
    }
}
