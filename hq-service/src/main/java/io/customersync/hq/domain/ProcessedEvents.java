package io.customersync.hq.domain;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** The owner of {@code processed_event}: remembers applied event ids per consumer, in the same transaction as their effects. */
@ApplicationScoped
public class ProcessedEvents {

    private final EntityManager em;

    public ProcessedEvents(EntityManager em) {
        this.em = em;
    }

    /** @return true the first time this consumer sees the event, false for a redelivery */
    public boolean firstDelivery(UUID eventId, String consumer) {
        return em.createNativeQuery("""
                insert into processed_event (event_id, consumer) values (?1, ?2) on conflict do nothing""")
                .setParameter(1, eventId)
                .setParameter(2, consumer)
                .executeUpdate() == 1;
    }
}
