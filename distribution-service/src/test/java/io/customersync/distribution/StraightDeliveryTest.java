package io.customersync.distribution;

import static io.customersync.distribution.ChannelDatabases.awaitSynced;
import static io.customersync.distribution.ChannelDatabases.insertAsyncCustomers;
import static io.customersync.distribution.ChannelDatabases.send;
import static io.customersync.distribution.ChannelDatabases.synced;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.customersync.contracts.EventType;
import io.customersync.distribution.domain.PendingDelivery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Account numbers go straight from the sync consumer into a channel with nothing waiting for it
 * (no turn through the delivery queue), and never overtake deliveries that wait for their channel.
 */
@QuarkusTest
@WithTestResource(ChannelDatabasesResource.class)
class StraightDeliveryTest {

    @Test
    void anAccountNumberGoesStraightIntoAChannelWithNothingWaitingAndIsRecordedAsDelivered() throws Exception {
        UUID customerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        insertAsyncCustomers("HOUSTON", List.of(customerId));

        send(eventId, synced("HOUSTON", customerId, "C500001"));

        assertEquals("C500001", awaitSynced("HOUSTON", customerId).accountNumber());
        PendingDelivery recorded = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(eventId, "HOUSTON"),
                d -> d != null && d.deliveredAt != null);
        assertEquals(1, recorded.attempts);
        // received and delivered in one transaction: the consumer delivered it, no delivery worker's turn
        assertEquals(recorded.receivedAt, recorded.deliveredAt);
    }

    @Test
    void anAccountNumberForAChannelWithADeliveryWaitingGoesThroughTheQueue() throws Exception {
        // a delivery waiting for ONLINE (its database was away; retried in an hour)
        long waiting = QuarkusTransaction.requiringNew().call(() -> ((Number) PendingDelivery.getEntityManager()
                .createNativeQuery("""
                        insert into pending_delivery (channel_id, event_id, customer_id, payload, event_type, attempts,
                            last_error, next_attempt_at)
                        values ('ONLINE', ?1, ?2, '{}', ?3, 1, 'channel database unavailable', now() + interval '1 hour')
                        returning id""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, UUID.randomUUID())
                .setParameter(3, EventType.CUSTOMER_SYNCHRONIZED.ceType()).getSingleResult()).longValue());
        UUID customerId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        insertAsyncCustomers("ONLINE", List.of(customerId));
        try {
            send(eventId, synced("ONLINE", customerId, "C500002"));

            assertEquals("C500002", awaitSynced("ONLINE", customerId).accountNumber());
            PendingDelivery queued = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(eventId, "ONLINE"),
                    d -> d != null && d.deliveredAt != null);
            assertTrue(queued.deliveredAt.isAfter(queued.receivedAt), "queued, then delivered by a delivery worker");
            // HOUSTON has nothing waiting: its copy went straight
            PendingDelivery copy = await().atMost(Duration.ofSeconds(30)).until(() -> delivery(eventId, "HOUSTON"),
                    d -> d != null && d.deliveredAt != null);
            assertEquals(copy.receivedAt, copy.deliveredAt);
        } finally {
            QuarkusTransaction.requiringNew().run(() -> PendingDelivery.deleteById(waiting));
        }
    }

    private static PendingDelivery delivery(UUID eventId, String channelId) {
        return QuarkusTransaction.requiringNew().call(() -> PendingDelivery.<PendingDelivery> find(
                "eventId = ?1 and channelId = ?2", eventId, channelId).firstResult());
    }
}
