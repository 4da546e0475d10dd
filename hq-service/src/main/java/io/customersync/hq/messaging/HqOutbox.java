package io.customersync.hq.messaging;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.customersync.contracts.CustomerErased;
import io.customersync.contracts.CustomerNotSynchronized;
import io.customersync.contracts.CustomerSynchronized;
import io.customersync.contracts.EventType;
import io.customersync.messaging.OutboxEvents;

/** HQ's outbox: sync events (numbered, refused, held) for distribution, keyed by customer. */
@ApplicationScoped
public class HqOutbox {

    /** NOTIFY channel that wakes the relay when a sync event commits. */
    static final String NOTIFY_CHANNEL = "hq_outbox";
    static final String SOURCE = "/hq";

    private final OutboxEvents events = new OutboxEvents(NOTIFY_CHANNEL);

    public void customerSynchronized(EntityManager em, CustomerSynchronized event) {
        events.append(em, EventType.CUSTOMER_SYNCHRONIZED, event.customerId().toString(), SOURCE, event);
    }

    /** HQ refused or holds an async customer: the channel learns it (names of fields only, never values). */
    public void customerNotSynchronized(EntityManager em, CustomerNotSynchronized event) {
        events.append(em, EventType.CUSTOMER_NOT_SYNCHRONIZED, event.customerId().toString(), SOURCE, event);
    }

    /**
     * A customer's personal data was erased: every stored event of the customer goes (their payloads
     * carry its data; unsent ones are superseded) and the erasure event takes their place.
     */
    public void customerErased(EntityManager em, CustomerErased event) {
        events.purge(em, event.customerId().toString());
        events.append(em, EventType.CUSTOMER_ERASED, event.customerId().toString(), SOURCE, event);
    }

    /** Many sync events in one statement on the caller's connection, in their order. */
    public void customersSynchronized(Connection db, List<CustomerSynchronized> synced) throws SQLException {
        events.appendAll(db, SOURCE, synced.stream().map(event -> new OutboxEvents.Event(EventType.CUSTOMER_SYNCHRONIZED,
                event.customerId().toString(), event)).toList());
    }
}
